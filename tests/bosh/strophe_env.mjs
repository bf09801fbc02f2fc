// Headless Strophe.js: BOSH needs a global XMLHttpRequest, and strophe.js 5.0.0
// drops responses whose responseXML is null, which xhr2 never fills; the
// getter below parses responseText instead (spec bosh-xmpp §12.1).
import XHR2 from 'xhr2';
import { DOMParser } from '@xmldom/xmldom';

globalThis.XMLHttpRequest = class extends XHR2 {
  get responseXML() {
    if (this.readyState !== 4 || !this.responseText) return null;
    try {
      return new DOMParser().parseFromString(this.responseText, 'text/xml');
    } catch {
      return null;
    }
  }
};

// Imported only after the shim is in place.
export const { Strophe, $pres, $iq, $msg } = await import('strophe.js');

// Strophe's request-level chatter drowns the test report; warnings still show.
Strophe.setLogLevel(Strophe.LogLevel.WARN);
