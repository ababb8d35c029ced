// The contract between rendering (report/) and sending (delivery/): neither imports the other, both
// import this.

/** A file attached to an email; `content` is text (the CSV tables) and `contentType` carries its charset. */
export interface EmailAttachment {
  filename: string;
  content: string;
  contentType: string;
}

/** One email ready to be put into MIME: the subject, the preview line, both bodies and the attachments. */
export interface RenderedEmail {
  subject: string;
  preheader: string;
  html: string;
  text: string;
  attachments: EmailAttachment[];
  /** The From display name the group's branding asks for; absent: the deployment's `sender.name`. */
  fromName?: string;
}
