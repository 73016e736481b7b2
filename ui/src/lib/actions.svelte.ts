// What the toolbar, the keyboard shortcuts and the native menu bar can ask for.
import { api, type ImportPreview, type MenuAction } from "./api";
import { directoryApi } from "../features/directory/api";
import { app } from "./app.svelte";
import { directory } from "../features/directory/directory.svelte";
import { plural } from "./text";

class Actions {
  /** The help dialog shown: the shortcut sheet or « À propos ». */
  help = $state<"shortcuts" | "about" | null>(null);

  /** The « Base d'équipe » screen is open. */
  teamBase = $state(false);

  /** The import being prepared, shown in the import dialog. */
  importPreview = $state.raw<ImportPreview | null>(null);

  // The same action can arrive twice (a menu accelerator and the page's own shortcut): run it once.
  private running = new Set<string>();

  private async once(name: string, fn: () => Promise<void>): Promise<void> {
    if (this.running.has(name)) return;
    this.running.add(name);
    try {
      await fn();
    } finally {
      this.running.delete(name);
    }
  }

  showDirectory(): void {
    app.view = "directory";
  }

  /** Ctrl/Cmd+F and « Rechercher »: the search of the screen in view. */
  find(): void {
    if (!app.find()) app.toast("Cet écran n'a pas de recherche : l'annuaire et le RGPD en ont une.");
  }

  /** Ctrl/Cmd+N and « Nouveau »: a new record of what the screen in view lists. */
  create(): void {
    if (!app.create()) app.toast("Rien à créer sur cet écran : Ctrl+N crée une structure dans l'annuaire, un dossier dans Dossiers.");
  }

  importFile(): Promise<void> {
    return this.once("import", async () => {
      if (this.importPreview) return;
      const r = await app.attempt(directoryApi.pickImportFile());
      if (r.ok && r.value) {
        this.showDirectory();
        this.importPreview = r.value;
      }
    });
  }

  /** Called by the import dialog once the import is applied. */
  async imported(): Promise<void> {
    this.importPreview = null;
    await Promise.all([app.loadInfo(), directory.refresh(), directory.mode === "view" ? directory.reloadDetail() : null]);
  }

  exportStructures(): Promise<void> {
    return this.once("export", async () => {
      const r = await app.attempt(directoryApi.exportStructures($state.snapshot(directory.query)));
      if (r.ok && r.value) app.toast(`Export enregistré : ${r.value}`);
    });
  }

  backup(): Promise<void> {
    return this.once("backup", async () => {
      const r = await app.attempt(api.backupDatabase());
      if (r.ok && r.value) app.toast(`Sauvegarde enregistrée : ${r.value}`);
    });
  }

  restore(): Promise<void> {
    return this.once("restore", async () => {
      if (!(await app.confirmDiscard())) return;
      const team = app.info?.base.team ?? false;
      const ok = await app.confirm({
        title: team ? "Restaurer une sauvegarde sur la base d'équipe ?" : "Restaurer une sauvegarde ?",
        message: team
          ? "La base de toute l'équipe sera remplacée (réservé au compte propriétaire de la base) ; une copie en est écrite avant, à côté de la sauvegarde."
          : "La base actuelle sera remplacée ; une copie de sécurité est faite avant.",
        confirmLabel: "Choisir la sauvegarde…",
        danger: true,
      });
      if (!ok) return;
      const r = await app.attempt(api.restoreDatabase());
      if (!r.ok || !r.value) return;
      await Promise.all([app.loadInfo(), directory.reset()]);
      const { path, erased_again, kept } = r.value;
      const erased =
        erased_again > 0
          ? ` ; ${plural(erased_again, "personne effacée depuis cette sauvegarde l'a été de nouveau", "personnes effacées depuis cette sauvegarde l'ont été de nouveau")}`
          : "";
      const copy = kept ? ` La base remplacée est gardée dans ${kept}.` : "";
      app.toast(`Base restaurée depuis ${path}${erased}.${copy}`, { duration: kept ? 10000 : undefined });
    });
  }

  /** For a base that could not be opened: a backup, or an empty base, takes its place. */
  replaceDatabase(fromBackup: boolean): Promise<void> {
    return this.once("replace", async () => {
      if (!fromBackup) {
        const ok = await app.confirm({
          title: "Repartir d'une base vide ?",
          message: "Le fichier actuel sera conservé dans le même dossier, sous un nom daté : rien n'est effacé.",
          confirmLabel: "Repartir d'une base vide",
        });
        if (!ok) return;
      }
      const r = await app.attempt(api.replaceDatabase(fromBackup));
      if (!r.ok || !r.value) return;
      await app.loadInfo();
      await directory.reset();
      const aside = r.value.set_aside;
      app.toast(aside ? `Base prête. L'ancien fichier est conservé sous le nom ${aside}` : "Base prête.", { duration: 10000 });
    });
  }

  loadDemo(): Promise<void> {
    return this.once("demo", async () => {
      if (!directory.empty) {
        const ok = await app.confirm({
          title: "Charger les données de démonstration ?",
          message:
            "Des structures fictives (avec leurs personnes et leurs visites) seront ajoutées à votre annuaire, qui n'est pas vide.",
          confirmLabel: "Charger la démonstration",
        });
        if (!ok) return;
      }
      const r = await app.attempt(directoryApi.loadDemo());
      if (!r.ok) return;
      this.showDirectory();
      await Promise.all([app.loadInfo(), directory.refresh()]);
      app.toast(`${plural(r.value, "structure de démonstration chargée", "structures de démonstration chargées")}`);
    });
  }

  showPrivacy(): void {
    app.view = "privacy";
  }

  /** Quits (menu "Quitter" and the window's close button), after asking when a form holds unsaved
   * changes that autosave does not keep. */
  async quit(): Promise<void> {
    await this.once("quit", async () => {
      // A form kept by autosave reopens as it was: no question to ask, only the last keystrokes to write.
      if (app.onlyAutosavedChanges) await app.flushAutosaves();
      else if (!(await app.confirmDiscard())) return;
      await api.quit();
    });
  }

  /** The native menu bar's items. */
  menu(action: MenuAction): void {
    if (app.unavailable && action !== "quit") {
      // Without an open base, the menu's restore is the way out; the rest waits for a base.
      if (action === "restore") void this.replaceDatabase(true);
      else if (action === "team_base") this.teamBase = true;
      else app.toast("La base n'est pas ouverte : restaurez une sauvegarde ou repartez d'une base vide.");
      return;
    }
    switch (action) {
      case "import":
        void this.importFile();
        break;
      case "export":
        void this.exportStructures();
        break;
      case "backup":
        void this.backup();
        break;
      case "restore":
        void this.restore();
        break;
      case "demo":
        void this.loadDemo();
        break;
      case "new":
        this.create();
        break;
      case "team_base":
        this.teamBase = true;
        break;
      case "shortcuts":
        this.help = "shortcuts";
        break;
      case "about":
        this.help = "about";
        break;
      case "find":
        this.find();
        break;
      case "quit":
        void this.quit();
        break;
      default: {
        const unknown: never = action;
        console.warn("Action de menu inconnue", unknown);
      }
    }
  }
}

export const actions = new Actions();
