import type { listAlerts } from '../../api/alerts/service.js';
import { vnDateTime } from '../../api/platform/time.js';
import { count, number } from '../platform/format.js';
import { type Lang, TEXT } from '../platform/i18n.js';

type Alert = Awaited<ReturnType<typeof listAlerts>>[number];

/** Alerts as a table: where, the fall from baseline with both n, the test, and the history of notes. */
export function AlertTable(props: { lang: Lang; alerts: Alert[]; canAcknowledge: boolean }) {
  const { lang } = props;
  return (
    <table class="data alerts cards-on-phone" id="alerts-table">
      <thead>
        <tr>
          <th>{TEXT.unit[lang]}</th>
          <th class="num">{TEXT.recent[lang]}</th>
          <th class="num">{TEXT.baseline[lang]}</th>
          <th class="num">p</th>
          <th>{TEXT.status[lang]}</th>
        </tr>
      </thead>
      <tbody>
        {props.alerts.map((a) => (
          <tr data-alert={String(a.id)}>
            <th scope="row">
              {a.unit}
              {a.counter ? ` – ${a.counter}` : ''}
              {a.issuer ? ` – ${a.issuer}` : ''}
              <span class="kind">{a.kindLabel[lang]}</span>
              {a.kind === 'kiosk_silent' ? (
                <span class="when">
                  {TEXT.silentSince[lang]} {vnDateTime(Date.parse(a.windowFrom))[lang]}
                </span>
              ) : null}
              <span class="when">{vnDateTime(Date.parse(a.updatedAt))[lang]}</span>
            </th>
            <td class="num" data-label={TEXT.recent[lang]}>
              <strong>{number(a.recentValue, lang)}%</strong> (n = {count(a.recentN, lang)})
            </td>
            <td class="num" data-label={TEXT.baseline[lang]}>
              {number(a.baselineValue, lang)}% (n = {count(a.baselineN, lang)})
            </td>
            <td class="num" data-label="p">
              {a.pValue < 0.001 ? `< ${number(0.001, lang, 3)}` : number(a.pValue, lang, 3)}
            </td>
            <td data-label={TEXT.status[lang]}>
              {a.status === 'open' ? (
                <span class="badge open">{TEXT.alertOpen[lang]}</span>
              ) : (
                <span class="badge done">{TEXT.alertAcknowledged[lang]}</span>
              )}
              {a.notes.map((n) => (
                <p class="note">
                  {n.by}, {vnDateTime(Date.parse(n.at))[lang]}: <q>{n.comment}</q>
                </p>
              ))}
              {props.canAcknowledge ? (
                <form class="acknowledge" data-alert={String(a.id)}>
                  <label>
                    {TEXT.acknowledgeComment[lang]}
                    <textarea name="comment" required maxlength={2000} rows={2}></textarea>
                  </label>
                  <button type="submit" class="primary">
                    {a.status === 'open' ? TEXT.acknowledge[lang] : TEXT.addNote[lang]}
                  </button>
                  <p class="error" role="alert" hidden></p>
                </form>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
