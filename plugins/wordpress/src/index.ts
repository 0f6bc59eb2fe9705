/**
 * The Wordpress plugin. It is a thin client of the hub's versioned API and holds no customer data of
 * its own; its integration arrives with its own issue (see the README's roadmap).
 */
export const PLUGIN_PLATFORM = "wordpress" as const;
