// Worker entry point: exposes the text-generation service over comlink, nothing else.
import { expose } from 'comlink';
import { installErrorTransfer } from './error-transfer.ts';
import { GenerationService } from './generation-service.ts';

installErrorTransfer();
expose(new GenerationService());
