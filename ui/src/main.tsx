// Entry point of the web UI.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { langStore } from './i18n';
import './styles.css';

document.documentElement.lang = langStore.get() === 'zh' ? 'zh-CN' : 'en';
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
