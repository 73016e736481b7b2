// The « Communication » view's state: the board of publications, its filters, the calendar's
// month and the publication open in its dialog.
import type {
  Channel,
  PublicationBoard,
  PublicationCard,
  PublicationDetail,
  PublicationStatus,
  StatusMove,
  StructureRow,
} from "../../lib/api";
import { directoryApi } from "../directory/api";
import { defaultQuery } from "../directory/query";
import { app } from "../../lib/app.svelte";
import { publicationsApi } from "./api";
import { mondayOf, shiftedDay } from "./labels";

class PublicationsState {
  board = $state.raw<PublicationBoard | null>(null);
  mode = $state<"board" | "calendar" | "veille" | "lettre">("board");
  channel = $state<Channel | "">("");
  author = $state("");
  /** A structure's id, as the filter's select gives it; "" for every structure. */
  structure = $state("");
  /** The directory's structures, for the filter and the publication's « concerne ». */
  structures = $state.raw<StructureRow[]>([]);
  /** The calendar shows a month or a week. */
  span = $state<"month" | "week">("month");
  /** The Monday of the calendar's week. */
  weekStart = $state(mondayOf(new Date().toLocaleDateString("sv-SE")));
  /** The calendar's month. */
  year = $state(new Date().getFullYear());
  month = $state(new Date().getMonth() + 1);
  /** The publication open in the dialog; `"new"` while one is being created. */
  open = $state.raw<PublicationDetail | "new" | null>(null);
  /** A move that asks for a reason, a link or a validator's name before it is made. */
  asking = $state.raw<{ card: PublicationCard; to: PublicationStatus } | null>(null);

  readonly authors = $derived([...new Set((this.board?.cards ?? []).map((c) => c.publication.author))].sort());
  readonly shown = $derived(
    (this.board?.cards ?? []).filter(
      (c) =>
        (!this.channel || c.publication.channels.includes(this.channel)) &&
        (!this.author || c.publication.author === this.author) &&
        (!this.structure || c.publication.structure_ids.includes(Number(this.structure))),
    ),
  );

  async refresh(): Promise<void> {
    const [r, structures] = await Promise.all([
      app.attempt(publicationsApi.board()),
      app.attempt(directoryApi.searchStructures(defaultQuery())),
    ]);
    if (r.ok) this.board = r.value;
    if (structures.ok) this.structures = structures.value.rows;
  }

  /** A delay the team chose: the board comes back with its flags counted again. */
  async setWaitingDays(days: number): Promise<void> {
    const r = await app.attempt(publicationsApi.setWaitingDays(days));
    if (r.ok) this.board = r.value;
  }

  structureName(id: number): string {
    return this.structures.find((s) => s.id === id)?.name ?? `Structure n° ${id}`;
  }

  async show(id: number): Promise<void> {
    const r = await app.attempt(publicationsApi.detail(id));
    if (r.ok) this.open = r.value;
  }

  /** The dialog's publication changed: shown there and on the board. */
  async changed(detail: PublicationDetail): Promise<void> {
    if (this.open !== null) this.open = detail;
    await this.refresh();
  }

  /** Makes a move, or asks first what it needs. */
  async request(card: PublicationCard, to: PublicationStatus, needsAsking: boolean): Promise<void> {
    if (needsAsking) {
      this.asking = { card, to };
      return;
    }
    await this.move(card.publication.id, { to, reason: "", link: "", validator: "" });
  }

  async move(id: number, step: StatusMove): Promise<boolean> {
    const r = await app.attempt(publicationsApi.move(id, step));
    if (!r.ok) return false;
    app.toast(`« ${r.value.card.publication.title} » : ${label(step.to)}.`);
    if (this.open !== null && this.open !== "new" && this.open.card.publication.id === id) this.open = r.value;
    await this.refresh();
    return true;
  }

  /** The week before (-1) or after (+1); the month follows the week's Thursday. */
  shiftWeek(by: -1 | 1): void {
    this.weekStart = shiftedDay(this.weekStart, 7 * by);
    const thursday = shiftedDay(this.weekStart, 3);
    [this.year, this.month] = [Number(thursday.slice(0, 4)), Number(thursday.slice(5, 7))];
  }

  previousMonth(): void {
    if (this.month === 1) [this.year, this.month] = [this.year - 1, 12];
    else this.month -= 1;
  }

  nextMonth(): void {
    if (this.month === 12) [this.year, this.month] = [this.year + 1, 1];
    else this.month += 1;
  }
}

const LOWER: Record<PublicationStatus, string> = {
  idee: "revenue à l'idée",
  redaction: "en rédaction",
  a_valider: "validation demandée",
  validee: "validée",
  refusee: "refusée",
  programmee: "programmée",
  publiee: "publiée",
};
const label = (to: PublicationStatus | null) => (to ? LOWER[to] : "");

export const publications = new PublicationsState();
