export interface NavLink {
  label: string;
  href: string;
}

export interface NavMenu {
  label: string;
  children: NavLink[];
}

export const NAV_ITEMS: (NavLink | NavMenu)[] = [
  { label: "Assets", children: [
    { label: "Integrations", href: "/integrations" },
    { label: "Channels", href: "/channels" },
  ] },
  { label: "Services", href: "/services" },
  { label: "Conversations", href: "/conversations" },
  { label: "Agent desk", href: "/agent-desk" },
  { label: "Settings", href: "/settings" },
];
