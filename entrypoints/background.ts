import { defineBackground } from 'wxt/utils/define-background';
import { setupBadge } from '../utils/background/badge.ts';
import { setupCommands } from '../utils/background/commands.ts';
import { setupDeals } from '../utils/background/deals.ts';
import { setupSiteAccess } from '../utils/background/site-access.ts';
import { setupWelcome } from '../utils/background/welcome.ts';

export default defineBackground(() => {
  setupDeals();
  setupCommands();
  setupBadge();
  setupSiteAccess();
  setupWelcome();
});
