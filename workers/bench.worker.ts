// Benchmark worker entry point: exposes the benchmark service over comlink, nothing else. The page
// starts one per backend configuration and terminates it afterwards.
import { expose } from 'comlink';
import { BenchService } from './bench-service.ts';
import { installErrorTransfer } from './error-transfer.ts';

installErrorTransfer();
expose(new BenchService());
