import { mount } from 'svelte';
import App from './ui/App.svelte';
import './ui/app.css';
import { registerOffline } from './offline';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target });
registerOffline();
