-- One pending invitation per email and workspace: inviting again replaces the
-- old one, and two admins inviting the same person at once cannot both win.
create unique index invitations_pending_email_uq on invitations (workspace_id, lower(email))
  where accepted_at is null;
