// Mounts the app. start-early.ts comes first: it starts the default view's worker before the app's code runs.
import './app/shell/start-early.ts';
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
// Mounting waits for the next task, so that evaluating the app's code and building its first view are two
// main-thread tasks instead of one long one (each stays under the 50 ms that makes a page feel stuck).
setTimeout(() => mount(App, { target }), 0);
