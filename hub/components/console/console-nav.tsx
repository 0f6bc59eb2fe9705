import type { TRole } from "@tawkster/core/schemas";
import type { ReactNode } from "react";
import { visibleAreas } from "../../lib/console/guard";
import { NavLink } from "./nav-link";

type TProps = { role: TRole; memberName: string; signOut: ReactNode };

/** The console's navigation, by role: only what the member may open is listed. */
export function ConsoleNav({ role, memberName, signOut }: TProps) {
  const areas = visibleAreas(role);
  return (
    <nav className="c-nav" aria-label="Console">
      <p className="c-nav__who">
        <span className="c-nav__name" data-testid="member-name">
          {memberName}
        </span>{" "}
        <span className="c-nav__role" data-testid="member-role">
          {role}
        </span>
      </p>
      <ul className="c-nav__list">
        <li>
          <NavLink href="/console" exact>
            Inbox
          </NavLink>
        </li>
        {areas.has("monitoring") && (
          <li>
            <NavLink href="/console/monitoring">Monitoring</NavLink>
          </li>
        )}
        {areas.has("analytics") && (
          <li>
            <NavLink href="/console/analytics">Analytics</NavLink>
          </li>
        )}
      </ul>
      {areas.has("members") && (
        <NavSection title="Settings" id="nav-settings">
          <li>
            <NavLink href="/console/settings/members">Members</NavLink>
          </li>
          <li>
            <NavLink href="/console/settings/departments">Departments</NavLink>
          </li>
          <li>
            <NavLink href="/console/settings/sites">Sites</NavLink>
          </li>
          <li>
            <NavLink href="/console/settings/policies">Policies</NavLink>
          </li>
          <li>
            <NavLink href="/console/settings/retention">Retention</NavLink>
          </li>
          <li>
            <NavLink href="/console/settings/audit">Audit log</NavLink>
          </li>
          <li>
            <NavLink href="/console/settings/access-review">Access review</NavLink>
          </li>
          <li>
            <NavLink href="/console/settings/compliance">Compliance report</NavLink>
          </li>
        </NavSection>
      )}
      {areas.has("audit") && (
        <NavSection title="Privacy" id="nav-privacy">
          <li>
            <NavLink href="/console/privacy/erase">Erase a visitor</NavLink>
          </li>
          <li>
            <NavLink href="/console/privacy/export">Export a visitor</NavLink>
          </li>
        </NavSection>
      )}
      <NavSection title="Account" id="nav-account">
        <li>
          <NavLink href="/account/security">Security</NavLink>
        </li>
        <li>
          <NavLink href="/account/sessions">Sessions</NavLink>
        </li>
        <li>{signOut}</li>
      </NavSection>
    </nav>
  );
}

function NavSection({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <section className="c-nav__section" aria-labelledby={id}>
      <h2 className="c-nav__heading" id={id}>
        {title}
      </h2>
      <ul className="c-nav__list">{children}</ul>
    </section>
  );
}
