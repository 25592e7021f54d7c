/**
 * The services of every feature slice, built from their dependencies. The server and the CLI both start
 * here; nothing in Parity keeps a module-level singleton.
 */
import type { Config } from '../config/config.js';
import type { Clock } from '../shared/clock.js';
import { createSealer } from '../shared/sealing.js';
import type { Db } from '../storage/database.js';
import { randomBytes } from 'node:crypto';
import { auditService } from './audit/audit.service.js';
import { authService } from './auth/auth.service.js';
import { knownClients } from './auth/known-clients.js';
import { sessionStore } from './auth/sessions.js';
import { loginThrottle } from './auth/throttle.js';
import { dashboardService } from './dashboard/dashboard.service.js';
import { datasetsService } from './datasets/datasets.service.js';
import { dueService, type DueService } from './home/due.service.js';
import { indicatorsService } from './indicators/indicators.service.js';
import { mailService } from './mail/mail.service.js';
import { DEFAULT_CYCLE_SETTINGS } from './meetings/meeting.js';
import { meetingsService } from './meetings/meetings.service.js';
import { narrativesService } from './narratives/narratives.service.js';
import { organisationsService } from './organisations/organisations.service.js';
import { planImportService } from './plans/import/import.service.js';
import { plansService } from './plans/plans.service.js';
import { approvalsService } from './publication/approvals.service.js';
import { publicationContent, type PublicationContent } from './publication/content.js';
import { usersService } from './users/users.service.js';

export type ServiceSettings = Pick<
  Config,
  | 'sessionHours'
  | 'sessionIdleMinutes'
  | 'loginMaxAttempts'
  | 'loginWindowMinutes'
  | 'pseudonymisationKey'
  | 'uploadMaxMegabytes'
> &
  Partial<
    Pick<
      Config,
      | 'sessionSecret'
      | 'loginDelaySeconds'
      | 'loginDeviceDays'
      | 'publicUrl'
      | 'smtpUrl'
      | 'updateLeadWorkingDays'
      | 'updateWindowWorkingDays'
      | 'reminderWorkingDays'
      | 'bankHolidays'
      | 'closedDays'
    >
  >;

export function createServices(deps: { db: Db; clock: Clock; settings: ServiceSettings }) {
  const { db, clock, settings } = deps;
  const sessions = sessionStore(db, clock, settings);
  // The installation secret keys the hashes that stand for typed usernames and signs browsers' device
  // marks. The server and the CLI always pass it (and the settings below, else the configuration's
  // defaults apply); a caller that never signs anyone in may leave it out.
  const secret = settings.sessionSecret ?? randomBytes(32).toString('hex');
  const throttle = loginThrottle(
    {
      maxAttempts: settings.loginMaxAttempts,
      windowMinutes: settings.loginWindowMinutes,
      delaySeconds: settings.loginDelaySeconds ?? 30,
    },
    secret,
  );
  const indicators = indicatorsService({ db, clock });
  const plans = plansService({ db, clock });
  // The report a board approves is built from all the services, read when an approval is recorded (the
  // annotation keeps TypeScript from inferring `services` from itself).
  const content: PublicationContent = publicationContent(() => services);
  // The home page's list of what is due reads the plans, meetings and approvals, the same way.
  const due: DueService = dueService(() => services);
  const services = {
    db,
    clock,
    sessions,
    audit: auditService({ db }),
    auth: authService({
      db,
      clock,
      sessions,
      throttle,
      clients: knownClients(secret, { deviceDays: settings.loginDeviceDays ?? 90 }),
    }),
    users: usersService({ db, clock, sessions, throttle }),
    organisations: organisationsService({ db, clock }),
    datasets: datasetsService({ db, clock, settings }),
    indicators,
    dashboard: dashboardService({ db, clock, indicators }),
    plans,
    planImports: planImportService({
      db,
      clock,
      plans,
      sealer: createSealer(settings.pseudonymisationKey, 'plan-imports'),
    }),
    narratives: narrativesService({ db, clock }),
    approvals: approvalsService({ db, clock, plans, content }),
    due,
    mail: mailService({ db, clock }),
    // Mail is planned only with an SMTP server; its links use the public URL and the installation secret.
    meetings: meetingsService({
      db,
      clock,
      settings: {
        cycle: {
          updateLeadWorkingDays:
            settings.updateLeadWorkingDays ?? DEFAULT_CYCLE_SETTINGS.updateLeadWorkingDays,
          updateWindowWorkingDays:
            settings.updateWindowWorkingDays ?? DEFAULT_CYCLE_SETTINGS.updateWindowWorkingDays,
          reminderWorkingDays: settings.reminderWorkingDays ?? DEFAULT_CYCLE_SETTINGS.reminderWorkingDays,
          bankHolidays: settings.bankHolidays ?? DEFAULT_CYCLE_SETTINGS.bankHolidays,
          closedDays: settings.closedDays ?? DEFAULT_CYCLE_SETTINGS.closedDays,
        },
        mail: settings.smtpUrl && settings.publicUrl ? { publicUrl: settings.publicUrl, secret } : null,
      },
    }),
  };
  return services;
}

export type Services = ReturnType<typeof createServices>;
