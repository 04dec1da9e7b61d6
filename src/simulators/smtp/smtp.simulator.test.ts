import { connect } from 'node:net';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpSim, type SmtpSim } from './smtp.simulator.js';

let sim: SmtpSim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const invitation = {
  from: '"TeamViewer ChatOps" <bot@example.com>',
  to: 'abel.tuter@example.com',
  bcc: 'audit@example.com',
  subject: 'Remote support for INC0010001',
  text: 'Join: https://get.teamviewer.com/s123',
  html: '<p>Join: <a href="https://get.teamviewer.com/s123">session</a></p>',
};

async function ehlo(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    let greeted = false;
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString();
      if (!greeted && data.startsWith('220')) {
        greeted = true;
        socket.write('EHLO client.local\r\n');
      } else if (/\n250 [^\n]*\r\n$/.test(data)) {
        socket.end('QUIT\r\n');
        resolve(data);
      }
    });
    socket.on('error', reject);
  });
}

describe('SMTP sink', () => {
  it('accepts mail with the configured credentials and keeps it parsed', async () => {
    sim = await startSmtpSim({ username: 'mailer', password: 'p@ss word' });
    expect(sim.url).toBe(`smtp://mailer:p%40ss%20word@127.0.0.1:${sim.port}`);
    const info = await nodemailer.createTransport(sim.url).sendMail(invitation);
    const mail = await sim.waitForMessage((m) => m.subject.includes('INC0010001'));
    expect(mail).toMatchObject({
      envelopeFrom: 'bot@example.com',
      envelopeTo: ['abel.tuter@example.com', 'audit@example.com'],
      from: 'bot@example.com',
      fromName: 'TeamViewer ChatOps',
      to: ['abel.tuter@example.com'],
      subject: 'Remote support for INC0010001',
      text: 'Join: https://get.teamviewer.com/s123',
      html: invitation.html,
      messageId: info.messageId,
      authUser: 'mailer',
    });
    expect(mail.date).toBeInstanceOf(Date);
    expect(mail.raw).toContain('Subject: Remote support for INC0010001');
    expect(mail.raw).not.toContain('audit@example.com');
    expect(sim.messages).toHaveLength(1);
  });

  it('rejects wrong credentials with 535', async () => {
    sim = await startSmtpSim({ username: 'mailer', password: 'right' });
    const url = `smtp://mailer:wrong@127.0.0.1:${sim.port}`;
    await expect(nodemailer.createTransport(url).sendMail(invitation)).rejects.toMatchObject({ code: 'EAUTH', responseCode: 535 });
    expect(sim.messages).toHaveLength(0);
  });

  it('requires AUTH when credentials are configured', async () => {
    sim = await startSmtpSim({ username: 'mailer', password: 'right' });
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: sim.port, secure: false });
    await expect(transport.sendMail(invitation)).rejects.toMatchObject({ responseCode: 530 });
  });

  it('needs no AUTH without credentials and advertises no STARTTLS', async () => {
    sim = await startSmtpSim();
    expect(sim.url).toBe(`smtp://127.0.0.1:${sim.port}`);
    const greeting = await ehlo(sim.port);
    expect(greeting).not.toContain('STARTTLS');
    expect(greeting).toContain('AUTH PLAIN LOGIN');
    await nodemailer.createTransport(sim.url).sendMail(invitation);
    expect((await sim.waitForMessage()).authUser).toBeUndefined();
  });

  it('fails the next DATA with a transient 451, then accepts the retry', async () => {
    sim = await startSmtpSim({ username: 'mailer', password: 'right' });
    sim.failNext({ code: 451 });
    const transport = nodemailer.createTransport(sim.url);
    const err = (await transport.sendMail(invitation).catch((e: unknown) => e)) as { responseCode?: number; response?: string };
    expect(err.responseCode).toBe(451);
    expect(err.response).toContain('Temporary failure');
    expect(sim.messages).toHaveLength(0);
    await transport.sendMail(invitation);
    expect(sim.messages).toHaveLength(1);
  });

  it('fails recipients with a permanent 550 the given number of times', async () => {
    sim = await startSmtpSim();
    sim.failNext({ code: 550, stage: 'rcpt', message: '5.1.1 <abel.tuter@example.com>: mailbox unavailable', times: 2 });
    const transport = nodemailer.createTransport(sim.url);
    const one = { ...invitation, bcc: undefined };
    await expect(transport.sendMail(one)).rejects.toMatchObject({ code: 'EENVELOPE', responseCode: 550 });
    await expect(transport.sendMail(one)).rejects.toMatchObject({ responseCode: 550 });
    await transport.sendMail(one);
    expect(sim.messages.map((m) => m.envelopeTo)).toEqual([['abel.tuter@example.com']]);
  });

  it('can fail AUTH even with the right credentials', async () => {
    sim = await startSmtpSim({ username: 'mailer', password: 'right' });
    sim.failNext({ code: 454, stage: 'auth', message: '4.7.0 Temporary authentication failure' });
    await expect(nodemailer.createTransport(sim.url).sendMail(invitation)).rejects.toMatchObject({ responseCode: 454 });
  });

  it('can refuse the connection at the greeting with 421', async () => {
    sim = await startSmtpSim();
    sim.failNext({ code: 421, stage: 'connect', message: '4.3.2 Service shutting down' });
    await expect(nodemailer.createTransport(sim.url).sendMail(invitation)).rejects.toMatchObject({ responseCode: 421 });
    await nodemailer.createTransport(sim.url).sendMail(invitation);
    expect(sim.messages).toHaveLength(1);
  });

  it('refuses messages over the size limit with 552', async () => {
    sim = await startSmtpSim({ maxMessageBytes: 1000 });
    const big = { ...invitation, text: 'x'.repeat(5000) };
    await expect(nodemailer.createTransport(sim.url).sendMail(big)).rejects.toMatchObject({ responseCode: 552 });
  });

  it('waits for a message that arrives later and times out when none does', async () => {
    sim = await startSmtpSim();
    const later = sim.waitForMessage((m) => m.to.includes('fred.luddy@example.com'), 3000);
    await nodemailer.createTransport(sim.url).sendMail({ ...invitation, to: 'Fred <fred.luddy@example.com>', bcc: undefined, attachments: [{ filename: 'log.txt', content: 'abc' }] });
    const mail = await later;
    expect(mail.attachments).toEqual([{ filename: 'log.txt', contentType: 'text/plain', size: 3 }]);
    await expect(sim.waitForMessage((m) => m.subject === 'never', 50)).rejects.toThrow(/no matching message within 50 ms \(1 received\)/);
  });
});
