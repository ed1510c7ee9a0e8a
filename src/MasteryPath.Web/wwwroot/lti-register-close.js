// The end of LTI Dynamic Registration: tells the LMS page around this frame (or the window that opened it) to close it.
(window.opener || window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*');
