import { conversationStats, type TConversationStats } from "@tawkster/core/chat";
import type { Metadata } from "next";
import { z } from "zod";
import { BarChart } from "../../../components/console/charts/bar-chart";
import { LineChart } from "../../../components/console/charts/line-chart";
import { StatsTable } from "../../../components/console/stats-table";
import { formatDuration } from "../../../lib/console/format";
import { orNotFound, requireArea } from "../../../lib/console/guard";
import { filterableDepartments, loadDirectory } from "../../../lib/console/inbox";
import { getConsoleSession } from "../../../lib/console/session";
import { getHub } from "../../../lib/runtime";

export const metadata: Metadata = { title: "Analytics · Tawkster" };

const DAY_MS = 86_400_000;
const RANGES = ["7", "30", "90"] as const;

const ZAnalyticsQuery = z.object({
  range: z.enum(RANGES).catch("7"),
  department: z.uuid().optional().catch(undefined),
});

type TProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Managers and admins: volume, first-response and resolution times, per UTC day, from core. */
export default async function AnalyticsPage({ searchParams }: TProps) {
  const { actor } = await getConsoleSession();
  await requireArea(actor, "analytics");
  const query = ZAnalyticsQuery.parse(await searchParams);
  const directory = await loadDirectory(actor);
  const departments = filterableDepartments(actor, directory);
  const department = departments.some((d) => d.id === query.department) ? query.department : undefined;
  const days = Number(query.range);
  const hub = getHub();
  const to = new Date((Math.floor(hub.now().getTime() / DAY_MS) + 1) * DAY_MS);
  const from = new Date(to.getTime() - days * DAY_MS);
  const stats = await orNotFound(() =>
    conversationStats(hub, actor, {
      from,
      to,
      ...(department !== undefined && { departmentId: department }),
    }),
  );
  const scopeName =
    department !== undefined
      ? directory.departmentName(department)
      : actor.role === "admin"
        ? "the whole workspace"
        : "your departments";

  return (
    <>
      <div className="c-page-head">
        <h1>Analytics</h1>
      </div>
      <form method="get" action="/console/analytics" className="c-filter">
        <label htmlFor="analytics-range">Range</label>
        <select id="analytics-range" name="range" defaultValue={query.range}>
          {RANGES.map((r) => (
            <option key={r} value={r}>
              Last {r} days
            </option>
          ))}
        </select>
        <label htmlFor="analytics-department">Department</label>
        <select id="analytics-department" name="department" defaultValue={department ?? ""}>
          <option value="">{actor.role === "admin" ? "Whole workspace" : "All my departments"}</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
        <button type="submit" className="c-button">
          Show
        </button>
      </form>
      <p>
        Conversations created in the last {days} days (UTC) in {scopeName}.
      </p>
      <Totals stats={stats} />
      <Charts stats={stats} days={days} />
      <StatsTable stats={stats} />
    </>
  );
}

function Totals({ stats }: { stats: TConversationStats }) {
  const { total } = stats;
  return (
    <ul className="c-figures" aria-label="Totals">
      <li className="c-figure">
        Conversations <span className="c-figure__value">{total.created}</span>
      </li>
      <li className="c-figure">
        First response, median{" "}
        <span className="c-figure__value">{formatDuration(total.firstResponse.medianMs)}</span>
      </li>
      <li className="c-figure">
        First response, 90th percentile{" "}
        <span className="c-figure__value">{formatDuration(total.firstResponse.p90Ms)}</span>
      </li>
      <li className="c-figure">
        Resolution, median{" "}
        <span className="c-figure__value">{formatDuration(total.resolution.medianMs)}</span>
      </li>
    </ul>
  );
}

const toMinutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6000) / 10);

function Charts({ stats, days }: { stats: TConversationStats; days: number }) {
  const labels = stats.days.map((d) => d.date);
  const busiest = stats.days.reduce(
    (best, d) => (d.created > best.created ? d : best),
    stats.days[0] ?? { created: 0, date: "" },
  );
  return (
    <>
      <section className="c-section" aria-labelledby="volume-heading">
        <h2 id="volume-heading">Conversations per day</h2>
        <BarChart
          id="volume-chart"
          title={`Conversations per day, last ${days} days`}
          description={`${stats.total.created} conversations in total; the busiest day was ${busiest.date || "none"} with ${busiest.created}. The table below lists every day.`}
          points={stats.days.map((d) => ({ label: d.date, value: d.created }))}
        />
      </section>
      <section className="c-section" aria-labelledby="times-heading">
        <h2 id="times-heading">Response and resolution times</h2>
        <LineChart
          id="times-chart"
          title={`First-response and resolution times per day, in minutes, last ${days} days`}
          description={`Overall: first response median ${formatDuration(stats.total.firstResponse.medianMs)}, 90th percentile ${formatDuration(stats.total.firstResponse.p90Ms)}; resolution median ${formatDuration(stats.total.resolution.medianMs)}. The table below lists every day.`}
          labels={labels}
          unit="min"
          series={[
            {
              key: "a",
              name: "First response, median",
              values: stats.days.map((d) => toMinutes(d.firstResponse.medianMs)),
            },
            {
              key: "b",
              name: "First response, 90th percentile",
              values: stats.days.map((d) => toMinutes(d.firstResponse.p90Ms)),
            },
            {
              key: "c",
              name: "Resolution, median",
              values: stats.days.map((d) => toMinutes(d.resolution.medianMs)),
            },
          ]}
        />
      </section>
    </>
  );
}
