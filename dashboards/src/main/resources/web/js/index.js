// The start page is written on the server; here only its times move into the browser's own time zone, written
// as the screens write theirs (format.js), so «данные на» reads the same on the list and on a screen.
import * as fmt from './format.js';

for (const time of document.querySelectorAll('time.published[datetime]')) {
  const lang = time.closest('[lang]').lang === 'en' ? 'en' : 'ru';
  time.textContent = fmt.localDateTime(time.dateTime, lang);
}
