import { render } from 'preact';
import { App } from './app.js';
import { HubClient, hubUrlFor } from './hub/hub-client.js';
import { PanelController } from './state/panel-controller.js';
import './styles.css';
import { PanelContext } from './views/panel-context.js';

const controller = new PanelController(new HubClient({ url: hubUrlFor(location) }));
controller.start();
addEventListener('pagehide', () => controller.stop());
// A page brought back from the back/forward cache connects again.
addEventListener('pageshow', (event) => {
  if (event.persisted) controller.start();
});

render(
  <PanelContext.Provider value={controller}>
    <App />
  </PanelContext.Provider>,
  document.getElementById('app')!,
);
