// How errors cross every worker boundary. Comlink's default error transfer keeps only
// name/message/stack; this one keeps GlassboxError's code, remedy and detail (lib/errors.ts), so the UI
// can show what happened and what to do. Installed on both sides.
import { transferHandlers, type TransferHandler } from 'comlink';
import { fromErrorData, toErrorData, type ErrorData } from '../lib/errors.ts';

interface ThrownValue {
  value: unknown;
}

/** Comlink marks a thrown value with a private symbol; recognise it by its description. */
function isThrownValue(value: unknown): value is ThrownValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getOwnPropertySymbols(value).some((symbol) => symbol.description === 'Comlink.thrown')
  );
}

const glassboxThrowHandler: TransferHandler<ThrownValue, ErrorData> = {
  canHandle: isThrownValue,
  serialize: (thrown) => [toErrorData(thrown.value), []],
  deserialize: (data) => {
    throw fromErrorData(data);
  },
};

export function installErrorTransfer(): void {
  transferHandlers.set('throw', glassboxThrowHandler as TransferHandler<unknown, unknown>);
}
