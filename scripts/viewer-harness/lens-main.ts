// Mounts the logit-lens grid harness (dev only: /lens.html of `npm run viewer-harness`; never in the app).
import { mount } from 'svelte';
import '../../src/app.css';
import LensHarness from './LensHarness.svelte';

const target = document.getElementById('harness');
if (!target) throw new Error('lens.html has no #harness element');
mount(LensHarness, { target });
