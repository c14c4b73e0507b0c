// Opening a view by its tab in end-to-end tests: a task view's tab sits in the header's "Try" disclosure,
// so a test clicks through openTab instead of clicking [data-testid="tab-<id>"] itself.
export { openTab } from '../../../scripts/app-views.ts';
