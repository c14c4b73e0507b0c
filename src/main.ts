// Mounts the app. start-early.ts comes first: it starts the default view's worker before the app's code runs.
import './app/start-early.ts';
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target });
