import {
  Clock,
  Code,
  GitBranch,
  Globe,
  ListTree,
  type LucideIcon,
  Merge,
  OctagonX,
  Repeat,
  Reply,
  Shuffle,
  Square,
  Workflow,
  Zap,
} from 'lucide-react';

// A node type names its icon (engine `NodeTypeInfo.icon`, a lucide name); the map is explicit
// so only these icons reach the bundle. An unknown name draws a plain square.
const ICONS: Record<string, LucideIcon> = {
  zap: Zap,
  shuffle: Shuffle,
  'git-branch': GitBranch,
  'list-tree': ListTree,
  merge: Merge,
  reply: Reply,
  'octagon-x': OctagonX,
  globe: Globe,
  code: Code,
  clock: Clock,
  repeat: Repeat,
  workflow: Workflow,
};

export function NodeIcon({ name, size = 18 }: { name: string; size?: number }) {
  const Icon = ICONS[name] ?? Square;
  return <Icon size={size} strokeWidth={2} aria-hidden="true" focusable="false" />;
}
