// A pasted link's input for the entities and answer views: the text (the answer view's context) and the
// question, set before the link's model opens, so its first run (which needs no click) runs them.
import type { ShareState } from '../../lib/sources/share-state.ts';
import type { Controllers } from '../shell/page-controllers.ts';

export function applyTextHeadLink(
  controllers: Pick<Controllers, 'entities' | 'answer'>,
  state: ShareState,
): void {
  if (state.backend) {
    controllers.entities.slot.backend = state.backend;
    controllers.answer.slot.backend = state.backend;
  }
  if (state.view === 'entities' && state.text !== null) controllers.entities.text = state.text;
  if (state.view === 'answer') {
    if (state.text !== null) controllers.answer.context = state.text;
    if (state.question != null) controllers.answer.question = state.question;
  }
}
