/**
 * Page objects for Parity's pages, in the HMPPS `verifyOnPage` style: `XPage.verifyOnPage(page)` waits
 * until the browser shows that page (its h1) and returns an object whose methods are what a person can do
 * there. Actions that leave the page return nothing; the test then verifies the page it expects next.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { navigation } from './browser.js';

const WAIT = { timeout: 15_000, interval: 100 };

function normalise(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Waits until the page has exactly one h1 and it reads `expected`. */
async function verifyHeading(page: Page, expected: string | RegExp): Promise<void> {
  await expect
    .poll(async () => {
      const headings = await page.locator('h1').allTextContents();
      return headings.length === 1 ? normalise(headings[0]!) : `${headings.length} h1 elements`;
    }, WAIT)
    .toSatisfy(
      (text: string) => (typeof expected === 'string' ? text === expected : expected.test(text)),
      `h1 ${String(expected)}`,
    );
}

/** What every Parity page has: the layout's header, banner, error summary and footer. */
abstract class ParityPage {
  protected constructor(readonly page: Page) {}

  async heading(): Promise<string> {
    return normalise(await this.page.locator('h1').textContent());
  }

  async title(): Promise<string> {
    return this.page.title();
  }

  /** The path of the address bar, with its query. */
  pathname(): string {
    const url = new URL(this.page.url());
    return url.pathname + url.search;
  }

  /** The text of the "Done" notification banner, or null when there is none. */
  async banner(): Promise<string | null> {
    const banner = this.page.locator('.nhsuk-notification-banner');
    if ((await banner.count()) === 0) return null;
    return normalise(await banner.locator('.nhsuk-notification-banner__content').textContent());
  }

  /** The error summary's title and messages, or null when there is none. */
  async errorSummary(): Promise<{ title: string; errors: string[]; focused: boolean } | null> {
    const summary = this.page.locator('.nhsuk-error-summary');
    if ((await summary.count()) === 0) return null;
    return {
      title: normalise(await summary.locator('.nhsuk-error-summary__heading').textContent()),
      errors: (await summary.locator('.nhsuk-error-summary__list li').allTextContents()).map(normalise),
      focused: (await this.page.locator('.nhsuk-error-summary:focus').count()) === 1,
    };
  }

  /** Whether the header offers the signed-in account links. */
  async isSignedIn(): Promise<boolean> {
    return (await this.signOutButton().count()) > 0;
  }

  protected signOutButton(): Locator {
    return this.page
      .getByRole('navigation', { name: 'Your account' })
      .getByRole('button', { name: 'Sign out' });
  }
}

/** A signed-in page: the header's account links and the organisation switcher. */
abstract class SignedInPage extends ParityPage {
  private switcher(): Locator {
    return this.page.locator('form[action="/switch"]');
  }

  private async options(): Promise<{ value: string; label: string }[]> {
    const options = await this.switcher().locator('#switch-org option').all();
    return Promise.all(
      options.map(async (o) => ({
        value: (await o.getAttribute('value')) ?? '',
        label: normalise(await o.textContent()),
      })),
    );
  }

  /** The ODS codes the switcher offers, in its order. */
  async switcherOptions(): Promise<string[]> {
    return (await this.options()).map((o) => o.value);
  }

  /** The ODS code selected in the switcher. */
  async switcherValue(): Promise<string> {
    return this.switcher().locator('#switch-org').inputValue();
  }

  /** Chooses an organisation in the header's switcher, by name or ODS code, and presses Switch. */
  async switchOrganisation(nameOrOdsCode: string): Promise<void> {
    const select = this.switcher().locator('#switch-org');
    const options = await this.options();
    const wanted = nameOrOdsCode.trim();
    const option = options.find(
      (o) =>
        o.value.toUpperCase() === wanted.toUpperCase() ||
        o.label === wanted ||
        o.label === `${wanted} (${o.value})`,
    );
    if (!option)
      throw new Error(
        `The switcher offers no "${wanted}"; it offers ${options.map((o) => o.label).join(', ')}`,
      );
    await select.selectOption(option.value);
    await navigation(this.page, () =>
      this.switcher().getByRole('button', { name: 'Switch', exact: true }).click(),
    );
  }

  /** Signs out with the header's "Sign out" button. */
  async signOut(): Promise<void> {
    await navigation(this.page, () => this.signOutButton().click());
  }
}

/** A page inside an organisation: the header's section navigation. */
abstract class OrganisationSectionPage extends SignedInPage {
  private sections(): Locator {
    return this.page.locator('nav.nhsuk-header__navigation');
  }

  /** The section links the navigation offers. */
  async navigationLinks(): Promise<string[]> {
    return (await this.sections().locator('a.nhsuk-header__navigation-link').allTextContents()).map(
      normalise,
    );
  }

  /** The navigation link marked as the current page. */
  async currentSection(): Promise<string | null> {
    const current = this.sections().locator('a[aria-current="page"]');
    return (await current.count()) === 1 ? normalise(await current.textContent()) : null;
  }

  /** Opens a section as a person would: from the "More" menu when the header has no room to show it. */
  private async openSection(name: string): Promise<void> {
    const link = this.sections().getByRole('link', { name, exact: true });
    if (!(await link.isVisible())) await this.page.getByRole('button', { name: /More/ }).click();
    await navigation(this.page, () => link.click());
  }

  async openOverview(): Promise<void> {
    await this.openSection('Overview');
  }

  async openPeople(): Promise<void> {
    await this.openSection('People');
  }

  async openAuditTrail(): Promise<void> {
    await this.openSection('Audit trail');
  }
}

/** `/` for a signed-out visitor. */
export class WelcomePage extends ParityPage {
  static async verifyOnPage(page: Page): Promise<WelcomePage> {
    await verifyHeading(page, 'Workforce equality for NHS organisations');
    return new WelcomePage(page);
  }

  async goToSignIn(): Promise<void> {
    await navigation(this.page, () =>
      this.page.getByRole('main').getByRole('button', { name: 'Sign in', exact: true }).click(),
    );
  }
}

/** `/sign-in`. */
export class SignInPage extends ParityPage {
  static async verifyOnPage(page: Page): Promise<SignInPage> {
    await verifyHeading(page, 'Sign in to Parity');
    return new SignInPage(page);
  }

  async usernameValue(): Promise<string> {
    return this.page.getByLabel('Username', { exact: true }).inputValue();
  }

  /** Fills in the form and presses "Sign in". */
  async signIn(username: string, password: string): Promise<void> {
    await this.page.getByLabel('Username', { exact: true }).fill(username);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await navigation(this.page, () =>
      this.page.getByRole('main').getByRole('button', { name: 'Sign in', exact: true }).click(),
    );
  }
}

/** `/` for a signed-in person: what is due from them this quarter, then their organisations as cards. */
export class HomePage extends SignedInPage {
  static async verifyOnPage(page: Page, displayName: string): Promise<HomePage> {
    await verifyHeading(page, 'What is due this quarter');
    await expect
      .poll(async () => normalise(await page.locator('main p.nhsuk-body-l').first().textContent()), WAIT)
      .toContain(`Welcome, ${displayName}.`);
    return new HomePage(page);
  }

  /** The names on the organisation cards. */
  async organisationCards(): Promise<string[]> {
    return (await this.page.locator('.nhsuk-card-group .nhsuk-card__heading').allTextContents()).map(
      normalise,
    );
  }

  /** Opens an organisation from its card. */
  async openOrganisation(name: string): Promise<void> {
    await navigation(this.page, () =>
      this.page.locator('.nhsuk-card-group').getByRole('link', { name, exact: true }).click(),
    );
  }
}

/** `/o/:org`: the organisation's overview, headed with its name. */
export class OrganisationPage extends OrganisationSectionPage {
  static async verifyOnPage(page: Page, organisationName: string): Promise<OrganisationPage> {
    await verifyHeading(page, organisationName);
    return new OrganisationPage(page);
  }

  /** The care groups (top level of the structure) the page shows. */
  async careGroups(): Promise<string[]> {
    return (await this.page.locator('main > .parity-tree > li > .parity-tree__name').allTextContents()).map(
      normalise,
    );
  }

  /** The inset text, when the person's role covers only part of the organisation. */
  async scopeNote(): Promise<string | null> {
    const inset = this.page.locator('main .nhsuk-inset-text');
    return (await inset.count()) === 0 ? null : normalise(await inset.textContent());
  }

  async mainText(): Promise<string> {
    return normalise(await this.page.getByRole('main').textContent());
  }
}

/** `/o/:org/people`. */
export class PeoplePage extends OrganisationSectionPage {
  static async verifyOnPage(page: Page, organisationName: string): Promise<PeoplePage> {
    await verifyHeading(page, `People in ${organisationName}`);
    return new PeoplePage(page);
  }

  /** The usernames in the table of roles. */
  async usernames(): Promise<string[]> {
    return (await this.page.locator('table.parity-people tbody tr td:nth-child(2)').allTextContents()).map(
      (text) => normalise(text).replace(/^Username /, ''),
    );
  }
}

/** `/o/:org/audit`. */
export class AuditTrailPage extends OrganisationSectionPage {
  static async verifyOnPage(page: Page): Promise<AuditTrailPage> {
    await verifyHeading(page, 'Audit trail');
    return new AuditTrailPage(page);
  }

  /** The table's caption ("N event(s); page 1 of M"). */
  async caption(): Promise<string> {
    return normalise(await this.page.locator('table.parity-audit caption').textContent());
  }
}

/** The error page (404, 403, 500...), headed with the error's title. */
export class ErrorPage extends ParityPage {
  static async verifyOnPage(page: Page, title: string): Promise<ErrorPage> {
    await verifyHeading(page, title);
    return new ErrorPage(page);
  }

  async message(): Promise<string> {
    return normalise(await this.page.locator('main p').first().textContent());
  }

  async goHome(): Promise<void> {
    await navigation(this.page, () =>
      this.page.getByRole('link', { name: 'Go to the Parity home page' }).click(),
    );
  }
}

/** A Culture Dashboard page (`/o/:org/dashboard...`): its filters, its own navigation, tiles and charts. */
export class DashboardPage extends OrganisationSectionPage {
  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<DashboardPage> {
    await verifyHeading(page, heading);
    await expect.poll(() => page.locator('.parity-dashboard').count(), WAIT).toBe(1);
    return new DashboardPage(page);
  }

  private filters(): Locator {
    return this.page.getByRole('form', { name: 'Dashboard filters' });
  }

  /** Sets the filters given (a year, a quarter number or "" for the whole year, a care group or "") and shows. */
  async filter(choice: {
    org?: string;
    year?: number;
    quarter?: number | '';
    careGroup?: string;
  }): Promise<void> {
    const form = this.filters();
    if (choice.org !== undefined)
      await form.getByLabel('Organisation', { exact: true }).selectOption(choice.org);
    if (choice.year !== undefined) await form.getByLabel('Reporting year').selectOption(String(choice.year));
    if (choice.quarter !== undefined) await form.getByLabel('Quarter').selectOption(String(choice.quarter));
    if (choice.careGroup !== undefined) await form.getByLabel('Care group').selectOption(choice.careGroup);
    await navigation(this.page, () => form.getByRole('button', { name: 'Show' }).click());
  }

  /** The values the filters show. */
  async filterValues(): Promise<{ year: string; quarter: string; careGroup: string | null }> {
    const form = this.filters();
    const careGroup = form.getByLabel('Care group');
    return {
      year: await form.getByLabel('Reporting year').inputValue(),
      quarter: await form.getByLabel('Quarter').inputValue(),
      careGroup: (await careGroup.count()) === 1 ? await careGroup.inputValue() : null,
    };
  }

  /** The options of the care group filter, by their text. */
  async careGroupOptions(): Promise<string[]> {
    const select = this.filters().getByLabel('Care group');
    if ((await select.count()) === 0) return [];
    return (await select.locator('option').allTextContents()).map(normalise);
  }

  /** The dashboard's own page links, and which is current. */
  async pages(): Promise<{ links: string[]; current: string | null }> {
    const nav = this.page.getByRole('navigation', { name: 'Dashboard pages' });
    const current = nav.locator('a[aria-current="page"]');
    return {
      links: (await nav.getByRole('link').allTextContents()).map(normalise),
      current: (await current.count()) === 1 ? normalise(await current.textContent()) : null,
    };
  }

  async openPage(label: string): Promise<void> {
    const nav = this.page.getByRole('navigation', { name: 'Dashboard pages' });
    await navigation(this.page, () => nav.getByRole('link', { name: label, exact: true }).click());
  }

  /** The sentence saying what the figures cover. */
  async period(): Promise<string> {
    return normalise(await this.page.locator('.parity-dashboard__period').textContent());
  }

  /** Indicator ids of the tiles, in order. */
  async tiles(): Promise<string[]> {
    const ids = await this.page
      .locator('.parity-tile')
      .evaluateAll((tiles: { id: string }[]) => tiles.map((t) => t.id));
    return ids.map((id) => id.replace(/^tile-/, ''));
  }

  async openTile(id: string): Promise<void> {
    await navigation(this.page, () => this.page.locator(`#tile-${id} .parity-tile__heading a`).click());
  }

  /** The headings of the charts; each chart must have its picture (or say why not), summary and table. */
  async charts(): Promise<string[]> {
    const charts = await this.page.locator('section.parity-chart').all();
    const titles: string[] = [];
    for (const chart of charts) {
      const title = normalise(await chart.locator('.parity-chart__title').textContent());
      expect(normalise(await chart.locator('.parity-chart__summary').textContent()), title).not.toBe('');
      expect(await chart.locator('table.parity-data-table').count(), title).toBe(1);
      const pictures = await chart.locator('svg[role="img"]').count();
      const nothing = await chart.getByText('Nothing to draw for this period.').count();
      expect(pictures + nothing, title).toBe(1);
      titles.push(title);
    }
    return titles;
  }

  /** How many figures the page withholds (shown as *). */
  async withheld(): Promise<number> {
    return this.page.locator('.parity-withheld').count();
  }

  /** Whether an element is displayed, for checking the print layout. */
  async isShown(selector: string): Promise<boolean> {
    return this.page.locator(selector).first().isVisible();
  }
}
