/** The SMTP sink's public surface (style.md §3.10); see smtp.simulator.ts. */
export {
  startSmtpSim,
  type ReceivedAttachment,
  type ReceivedMail,
  type SmtpFailure,
  type SmtpFailureStage,
  type SmtpSim,
  type SmtpSimOptions,
} from './smtp.simulator.js';
