import type { z } from 'zod';
import type { ClientField as ClientFieldSchema } from '../../shared/api/clients.ts';
import type { Role as RoleSchema } from '../../shared/api/common.ts';
import type {
  CreatedInvitation as CreatedInvitationSchema,
  Invitation as InvitationSchema,
} from '../../shared/api/invitations.ts';
import type {
  BusinessCalendar as CalendarSchema,
  SlaPolicy as SlaPolicySchema,
} from '../../shared/api/sla.ts';
import type { Tag as TagSchema, TagColor as TagColorSchema } from '../../shared/api/tags.ts';
import type { Team as TeamSchema } from '../../shared/api/teams.ts';
import type {
  UserWithAbilities as UserSchema,
  Workspace as WorkspaceSchema,
} from '../../shared/api/users.ts';

export type Role = z.infer<typeof RoleSchema>;
export type User = z.infer<typeof UserSchema>;
export type Invitation = z.infer<typeof InvitationSchema>;
export type CreatedInvitation = z.infer<typeof CreatedInvitationSchema>;
export type Team = z.infer<typeof TeamSchema>;
export type SlaPolicy = z.infer<typeof SlaPolicySchema>;
export type BusinessCalendar = z.infer<typeof CalendarSchema>;
export type Tag = z.infer<typeof TagSchema>;
export type TagColor = z.infer<typeof TagColorSchema>;
export type ClientField = z.infer<typeof ClientFieldSchema>;
export type Workspace = z.infer<typeof WorkspaceSchema>;

export const ROLES: Role[] = ['agent', 'supervisor', 'admin'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TIERS = ['regular', 'premium', 'key'] as const;
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const TAG_COLORS: TagColor[] = [
  'gray',
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
  'blue',
  'cyan',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
];
