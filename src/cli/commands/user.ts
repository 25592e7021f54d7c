import type { Command } from 'commander';
import { normaliseOdsCode } from '../../features/organisations/organisation.js';
import { organisationsRepository } from '../../features/organisations/organisations.repository.js';
import { generatePassword } from '../../features/users/passwords.js';
import { parseRole, ROLE_LABELS, ROLES } from '../../features/users/roles.js';
import { usersRepository } from '../../features/users/users.repository.js';
import { invalidInput, notFound } from '../../shared/errors.js';
import type { Db } from '../../storage/database.js';
import { readConfig, withContext, type GlobalOptions } from '../context.js';
import { readStdinLine } from './options.js';

const roleList = ROLES.join(', ');

async function organisationByOds(db: Db, ods: string) {
  const org = await organisationsRepository(db).findByOds(normaliseOdsCode(ods));
  if (!org) throw notFound(`No organisation has ODS code ${normaliseOdsCode(ods)} (see 'parity org list')`);
  return org;
}

async function userByName(db: Db, username: string) {
  const user = await usersRepository(db).findByUsername(username);
  if (!user)
    throw notFound(`No account has the username ${username.trim().toLowerCase()} (see 'parity user list')`);
  return user;
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('Manage accounts and their roles.');

  user
    .command('add')
    .description(
      'Create an account, optionally with a role. Without a password option a random password is generated and shown once.',
    )
    .argument('<username>', 'sign-in name: letters, digits, dots, hyphens, underscores or @')
    .requiredOption('--name <full name>', 'the person’s full name')
    .option('--email <address>', 'email address (single sign-on can match on it)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--sso', 'no password: the person signs in through single sign-on only')
    .option(
      '--sso-subject <value>',
      'identity-provider value to match when PARITY_OIDC_USER_FIELD=sso_subject',
    )
    .option('--org <ods>', 'give a role in this organisation')
    .option('--role <role>', `the role (${roleList})`)
    .option('--unit <path>', 'limit the role to a unit, e.g. "Medicine and Emergency Care"')
    .action(
      async (
        username: string,
        o: {
          name: string;
          email?: string;
          passwordStdin?: boolean;
          sso?: boolean;
          ssoSubject?: string;
          org?: string;
          role?: string;
          unit?: string;
        },
        command: Command,
      ) => {
        if (o.sso && o.passwordStdin) throw invalidInput('Choose either --sso or --password-stdin, not both');
        if ((o.org === undefined) !== (o.role === undefined))
          throw invalidInput('--org and --role go together');
        if (o.role !== undefined && !parseRole(o.role))
          throw invalidInput(`Unknown role '${o.role}'; choose one of ${roleList}`);
        const config = readConfig(command.optsWithGlobals<GlobalOptions>());
        const generated = !o.sso && !o.passwordStdin;
        const password = o.sso ? null : o.passwordStdin ? await readStdinLine() : generatePassword();
        await withContext(config, async ({ database, services, actor, out }) => {
          const org = o.org ? await organisationByOds(database.db, o.org) : null;
          const created = await services.users.createUser(
            actor,
            {
              username,
              displayName: o.name,
              email: o.email ?? null,
              password,
              ssoSubject: o.ssoSubject ?? null,
            },
            org?.id ?? null,
          );
          out(`Created account ${created.username} (${created.displayName}).`);
          if (org && o.role) {
            await services.users.grantRole(actor, {
              userId: created.id,
              organisationId: org.id,
              unitPath: o.unit ?? null,
              role: o.role,
            });
            out(
              `${created.username} is ${ROLE_LABELS[parseRole(o.role)!]} for ${org.name}${o.unit ? ` – ${o.unit}` : ''}.`,
            );
          }
          if (generated) out(`Password (shown once): ${password}`);
        });
      },
    );

  user
    .command('role')
    .description('Give, change or remove a role of an account in an organisation or one of its units.')
    .argument('<username>', 'the account')
    .requiredOption('--org <ods>', 'the organisation’s ODS code')
    .option('--role <role>', `the role (${roleList})`)
    .option('--unit <path>', 'limit the role to a unit, e.g. "Medicine and Emergency Care"')
    .option('--remove', 'remove the role held at this organisation (and unit)')
    .action(
      async (
        username: string,
        o: { org: string; role?: string; unit?: string; remove?: boolean },
        command: Command,
      ) => {
        if (!o.remove && !o.role) throw invalidInput(`Give --role (${roleList}) or --remove`);
        if (o.remove && o.role) throw invalidInput('Give either --role or --remove, not both');
        const config = readConfig(command.optsWithGlobals<GlobalOptions>());
        await withContext(config, async ({ database, services, actor, out }) => {
          const org = await organisationByOds(database.db, o.org);
          const account = await userByName(database.db, username);
          if (o.remove) {
            const unit = o.unit
              ? await organisationsRepository(database.db).findUnitByPath(org.id, o.unit)
              : null;
            if (o.unit && !unit) throw notFound(`${org.name} has no unit called '${o.unit}'`);
            const membership = await usersRepository(database.db).findMembershipByScope(
              account.id,
              org.id,
              unit?.id ?? null,
            );
            if (!membership)
              throw notFound(
                `${account.username} holds no role for ${org.name}${o.unit ? ` – ${o.unit}` : ''}`,
              );
            await services.users.revoke(actor, org.id, membership.id);
            out(`Removed ${account.username}’s role for ${org.name}${o.unit ? ` – ${o.unit}` : ''}.`);
            return;
          }
          const m = await services.users.grantRole(actor, {
            userId: account.id,
            organisationId: org.id,
            unitPath: o.unit ?? null,
            role: o.role!,
          });
          out(
            `${account.username} is ${ROLE_LABELS[m.role]} for ${org.name}${o.unit ? ` – ${o.unit}` : ''}.`,
          );
        });
      },
    );

  user
    .command('password')
    .description(
      'Set a new password for an account (ends its sessions). Without --password-stdin one is generated.',
    )
    .argument('<username>', 'the account')
    .option('--password-stdin', 'read the new password from standard input')
    .action(async (username: string, o: { passwordStdin?: boolean }, command: Command) => {
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      const password = o.passwordStdin ? await readStdinLine() : generatePassword();
      await withContext(config, async ({ database, services, actor, out }) => {
        const account = await userByName(database.db, username);
        await services.users.resetPassword(actor, account.id, password);
        out(`The password of ${account.username} has been reset and their sessions ended.`);
        if (!o.passwordStdin) out(`New password (shown once): ${password}`);
      });
    });

  user
    .command('list')
    .description('List accounts, or the people of one organisation.')
    .option('--org <ods>', 'only people with a role in this organisation')
    .action(async (o: { org?: string }, command: Command) => {
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      await withContext(config, async ({ database, out }) => {
        const repo = usersRepository(database.db);
        if (o.org) {
          const org = await organisationByOds(database.db, o.org);
          const units = new Map(
            (await organisationsRepository(database.db).unitsOf(org.id)).map((u) => [u.id, u.path]),
          );
          for (const { user: u, membership: m } of await repo.membersOf(org.id))
            out(
              `${u.username}\t${u.displayName}\t${ROLE_LABELS[m.role]}\t${m.unitId ? (units.get(m.unitId) ?? '') : 'whole organisation'}`,
            );
          return;
        }
        for (const u of await repo.list())
          out(
            `${u.username}\t${u.displayName}\t${u.email ?? ''}\t${u.isActive ? 'active' : 'disabled'}\t${u.hasPassword ? 'password' : 'sso only'}`,
          );
      });
    });
}
