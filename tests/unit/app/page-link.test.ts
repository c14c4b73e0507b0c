// The page's link: each model task opens in its view, and a link's view names the task back.
import { describe, expect, it } from 'vitest';
import { TASK_VIEWS, VIEW_TASKS } from '../../../src/app/page-link.ts';

describe('TASK_VIEWS and VIEW_TASKS', () => {
  it('map each task to its view and back, and only the model views to a task', () => {
    expect(TASK_VIEWS).toEqual({
      'text-classification': 'text',
      'object-detection': 'detection',
      generic: 'tensors',
    });
    expect(VIEW_TASKS).toEqual({
      text: 'text-classification',
      detection: 'object-detection',
      tensors: 'generic',
    });
  });
});
