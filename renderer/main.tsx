/** Renderer entry: mounts the app into #root with the stylesheets. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import './styles/base.css';
import './styles/layout.css';
import './styles/grid.css';
import './styles/controls.css';
import './styles/overlays.css';
import './styles/library.css';
import './styles/viewer.css';
import './styles/review.css';
import './styles/tags.css';
import './styles/pages.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
