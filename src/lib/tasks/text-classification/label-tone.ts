// Which labels mean "positive" or "negative" (sentiment, toxicity, spam…), so the view can colour them by
// meaning; every other label is neutral. The label's own text is always shown too: colour never stands alone.

export type LabelTone = 'positive' | 'negative' | 'neutral';

const POSITIVE =
  /^(pos(itive)?|good|ham|non[-_ ]?toxic|not[-_ ]?toxic|yes|true|happy|joy|5 stars?|4 stars?)$/i;
const NEGATIVE = /^(neg(ative)?|bad|spam|toxic|yes[-_ ]?toxic|no|false|sad|anger|angry|1 stars?|2 stars?)$/i;

/** The tone of a label by its name; unknown names (LABEL_0, sports, …) are neutral. */
export function labelTone(label: string): LabelTone {
  const name = label.trim();
  if (POSITIVE.test(name)) return 'positive';
  if (NEGATIVE.test(name)) return 'negative';
  return 'neutral';
}
