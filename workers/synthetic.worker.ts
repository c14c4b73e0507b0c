// Worker entry point: exposes the synthetic model generator over comlink, nothing else.
import { expose } from 'comlink';
import { installErrorTransfer } from './error-transfer.ts';
import { SyntheticService } from './synthetic-service.ts';

installErrorTransfer();
expose(new SyntheticService());
