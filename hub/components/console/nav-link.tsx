"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

/** A navigation link that marks itself as the current page (also for pages below it). */
export function NavLink({
  href,
  children,
  exact = false,
}: {
  href: string;
  children: string;
  exact?: boolean;
}) {
  const pathname = usePathname();
  const isCurrent = exact
    ? pathname === href || pathname.startsWith(`${href}/conversations`)
    : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link href={href} className="c-nav__link" aria-current={isCurrent ? "page" : undefined}>
      {children}
    </Link>
  );
}
