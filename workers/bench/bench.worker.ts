// Benchmark worker entry point: exposes the benchmark service over comlink, nothing else. The page
// starts one per backend configuration and terminates it afterwards.
import { expose } from 'comlink';
import { BenchService } from './bench-service.ts';
import { installErrorTransfer } from '../../src/contracts/errors.ts';

installErrorTransfer();
expose(new BenchService());

/** What the page calls on this worker (through comlink's Remote): its one import from this folder. */
export type BenchApi = BenchService;
