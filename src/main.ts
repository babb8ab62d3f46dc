import { mount } from 'svelte';
import App from './ui/App.svelte';
import './ui/app.css';
import { registerOffline } from './offline';
import { AppUpdate } from './state/app-update.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

const update = new AppUpdate();
export default mount(App, { target, props: { update } });
registerOffline(update);
