-- An email's inline image is named in its HTML by Content-ID ("cid:logo@mailer");
-- kept with the attachment so the agent's view shows the right image, not one
-- guessed by file name.
alter table attachments add column content_id text check (length(content_id) <= 250);
