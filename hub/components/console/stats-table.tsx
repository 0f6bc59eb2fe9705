import type { TConversationStats } from "@tawkster/core/chat";
import { formatDuration } from "../../lib/console/format";

/** The charts' figures as a table, newest day first: the accessible (and exact) version. */
export function StatsTable({ stats }: { stats: TConversationStats }) {
  return (
    <details className="c-details c-section">
      <summary>Figures per day (table)</summary>
      <div className="c-table-wrap">
        <table className="c-table">
          <caption className="c-sr-only">Conversations and times per day</caption>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col">Conversations</th>
              <th scope="col">First response, median</th>
              <th scope="col">First response, 90th percentile</th>
              <th scope="col">Resolution, median</th>
            </tr>
          </thead>
          <tbody>
            {[...stats.days].reverse().map((d) => (
              <tr key={d.date}>
                <th scope="row">{d.date}</th>
                <td>{d.created}</td>
                <td>{formatDuration(d.firstResponse.medianMs)}</td>
                <td>{formatDuration(d.firstResponse.p90Ms)}</td>
                <td>{formatDuration(d.resolution.medianMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
