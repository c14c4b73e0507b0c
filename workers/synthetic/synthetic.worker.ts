// Worker entry point: exposes the synthetic model generator over comlink, nothing else.
import { expose } from 'comlink';
import { installErrorTransfer } from '../../src/contracts/errors.ts';
import { SyntheticService } from './synthetic-service.ts';

installErrorTransfer();
expose(new SyntheticService());

/** What the page calls on this worker (through comlink's Remote): its one import from this folder. */
export type SyntheticApi = SyntheticService;
