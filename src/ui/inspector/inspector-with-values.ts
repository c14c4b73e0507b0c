// The inspector and the captured-value viewer it shows beside a run, loaded together as one file of the
// build the first time the inspector is shown (LazyView in App.svelte).
import CapturedValueViewer from '../capture/CapturedValueViewer.svelte';
import InspectorView from './InspectorView.svelte';

export default { InspectorView, CapturedValueViewer };
