// Mounts the value-viewer harness (dev only: `npm run viewer-harness`; never part of `vite build`).
import { mount } from 'svelte';
import '../../src/app.css';
import Harness from './Harness.svelte';

const target = document.getElementById('harness');
if (!target) throw new Error('index.html has no #harness element');
mount(Harness, { target });
