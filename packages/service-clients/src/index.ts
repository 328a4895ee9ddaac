export { openClients, type ClientSettings, type Clients } from './open-clients.ts';
