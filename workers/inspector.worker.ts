// Worker entry point: exposes the inspector service over comlink, nothing else.
import { expose } from 'comlink';
import { installErrorTransfer } from './error-transfer.ts';
import { InspectorService } from './inspector-service.ts';

installErrorTransfer();
expose(new InspectorService());
