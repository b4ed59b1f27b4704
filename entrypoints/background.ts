import { defineBackground } from 'wxt/utils/define-background';

export default defineBackground(() => {
  // DealLens keeps no state in the background yet: the content script reads the bundled
  // dataset and settings itself. This worker exists so the popup and options have an
  // extension context to message from, and for the features that will need one.
});
