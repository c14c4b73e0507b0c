// Worker entry point: exposes the text-generation service over comlink, nothing else.
import { expose } from 'comlink';
import { installErrorTransfer } from '../../src/contracts/errors.ts';
import { installGenerationTransfer } from '../../src/contracts/generation-transfer.ts';
import { GenerationService } from './generation-service.ts';

installErrorTransfer();
installGenerationTransfer();
expose(new GenerationService());

/** What the page calls on this worker (through comlink's Remote): its one import from this folder. */
export type GenerationApi = GenerationService;
