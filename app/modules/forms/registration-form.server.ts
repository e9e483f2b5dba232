/**
 * The pre-filled dossier forms (docs/decisions/0036): what they are filled from, for a member of
 * the entry's establishment only, and the two ways of drawing them: an editable Word file (docx)
 * and a PDF to print (pdfkit, with the reports' Noto Serif faces and official header).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  LeaderType,
  Packer,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { and, asc, count, eq } from "drizzle-orm";
import { OFFICIAL_SHEET } from "~db/reference/catalog";
import { criteria, criteriaSheets, establishments, organizingBodies, productGroups, productPhotos, products, rounds } from "~db/schema";
import { db } from "~/lib/db.server";
import type { Principal } from "~/lib/permissions";
import { LEGAL_TYPE_LABELS } from "~/modules/accounts/accounts";
import { requireOwnEntry } from "~/modules/entries/entries.server";
import { CONTENT_WIDTH, GREY, INK, PAGE, drawOfficialHeader, drawText, newReportDoc, nfc, textHeight } from "~/modules/reports/pdf-kit.server";
import { getUnit } from "~/modules/units/units.server";
import { LEVEL_LABELS } from "~/ui/labels";
import { explanationForm, registrationForm, type Block, type FormDocument, type FormSource } from "./forms";

/* ------------------------------------------------------------------ */
/* What the forms are filled from                                      */
/* ------------------------------------------------------------------ */

/** The unit and its ancestors' official names, lowest first ("Xã Phù Lãng", "Tỉnh Bắc Ninh"). */
function unitNames(unitId: number | null): string[] {
  const out: string[] = [];
  let id = unitId;
  for (let hops = 0; id != null && hops < 4; hops++) {
    const u = getUnit(id);
    if (!u) break;
    out.push(`${u.kind} ${u.name}`);
    id = u.parentId;
  }
  return out;
}

/** The round's scoring sheet as groups with sub-criteria; a group stored without parts takes the official sheet's named parts as prompts. */
function sheetGroups(sheetId: number | null): FormSource["criteria"] {
  const id = sheetId ?? db.select({ id: criteriaSheets.id }).from(criteriaSheets).where(eq(criteriaSheets.isOfficial, true)).orderBy(asc(criteriaSheets.id)).get()?.id;
  const rows = id == null ? [] : db.select().from(criteria).where(eq(criteria.sheetId, id)).orderBy(asc(criteria.position), asc(criteria.id)).all();
  const groups = rows.filter((r) => r.parentId == null);
  if (!groups.length) {
    return OFFICIAL_SHEET.groups.map((g) => ({ code: g.code, name: g.name, maxPoints: g.maxPoints, children: (("children" in g ? g.children : undefined) ?? []).map((c) => ({ code: c.code, name: c.name })) }));
  }
  return groups.map((g) => {
    let children = rows.filter((r) => r.parentId === g.id).map((c) => ({ code: c.code, name: c.name }));
    if (!children.length) {
      const official = OFFICIAL_SHEET.groups.find((o) => o.code === g.code);
      children = ((official && "children" in official ? official.children : undefined) ?? []).map((c) => ({ code: c.code, name: c.name }));
    }
    return { code: g.code, name: g.name, maxPoints: g.maxTenths / 10, children };
  });
}

/** The values the forms are filled with; 404 unless the principal acts for the entry's establishment. */
export function formSource(p: Principal, entryId: number): FormSource {
  const e = requireOwnEntry(p, entryId);
  const est = db.select().from(establishments).where(eq(establishments.id, e.establishmentId)).get()!;
  const product = db.select().from(products).where(eq(products.id, e.productId)).get()!;
  const group = db.select().from(productGroups).where(eq(productGroups.id, product.productGroupId)).get()!;
  const photos = db.select({ n: count() }).from(productPhotos).where(eq(productPhotos.productId, product.id)).get()?.n ?? 0;
  const round = db.select().from(rounds).where(eq(rounds.id, e.roundId)).get()!;
  const body = db.select({ name: organizingBodies.name }).from(organizingBodies).where(and(eq(organizingBodies.id, round.bodyId))).get();
  return {
    entryId: e.id,
    dossierNo: e.dossierNo,
    establishment: {
      name: est.name,
      legalType: LEGAL_TYPE_LABELS[est.legalType],
      registrationNo: est.registrationNo,
      street: est.street,
      units: unitNames(est.unitId ?? est.provinceId),
      representative: est.representative,
      phone: est.phone,
      email: est.email,
    },
    product: { name: product.name, groupName: group.name, description: product.description, isSet: product.isSet, photoCount: photos },
    round: { title: round.title, levelLabel: LEVEL_LABELS[round.level], year: round.year, bodyName: body?.name ?? "" },
    criteria: sheetGroups(round.criteriaSheetId),
  };
}

/* ------------------------------------------------------------------ */
/* Word                                                                */
/* ------------------------------------------------------------------ */

const FONT = "Times New Roman";
const SIZE = 26; // half-points: 13 pt, the usual size of Vietnamese administrative documents
/** A4 in twips, with the usual margins (top 2 cm, bottom 2 cm, left 3 cm, right 1.5 cm). */
const DOCX_PAGE = { width: 11906, height: 16838, top: 1134, bottom: 1134, left: 1701, right: 850 };
const DOCX_TEXT_WIDTH = DOCX_PAGE.width - DOCX_PAGE.left - DOCX_PAGE.right;
const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" } as const;
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER };

const run = (text: string, o: { bold?: boolean; italics?: boolean; underline?: boolean; size?: number; color?: string } = {}) =>
  new TextRun({ text: nfc(text), bold: o.bold, italics: o.italics, underline: o.underline ? {} : undefined, size: o.size ?? SIZE, font: FONT, color: o.color });
/** A paragraph whose tab runs to the right margin over a dotted leader: the line to write on. */
const dotted = (children: TextRun[]) =>
  new Paragraph({
    children: [...children, new TextRun({ children: [new Tab()], size: SIZE, font: FONT })],
    tabStops: [{ type: "right", position: DOCX_TEXT_WIDTH, leader: LeaderType.DOT }],
    spacing: { after: 80, line: 312 },
  });

function docxBlocks(blocks: Block[]): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case "header": {
        const cell = (paras: Paragraph[], w: number) => new TableCell({ children: paras, width: { size: w, type: WidthType.DXA }, borders: NO_BORDERS });
        const left = Math.round(DOCX_TEXT_WIDTH * 0.42);
        out.push(
          new Table({
            width: { size: DOCX_TEXT_WIDTH, type: WidthType.DXA },
            columnWidths: [left, DOCX_TEXT_WIDTH - left],
            borders: NO_BORDERS,
            rows: [
              new TableRow({
                children: [
                  cell([new Paragraph({ alignment: AlignmentType.CENTER, children: [run(b.left.toLocaleUpperCase("vi-VN"), { bold: true, size: 24 })] })], left),
                  cell(
                    [
                      new Paragraph({ alignment: AlignmentType.CENTER, children: [run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", { bold: true, size: 24 })] }),
                      new Paragraph({ alignment: AlignmentType.CENTER, children: [run("Độc lập - Tự do - Hạnh phúc", { bold: true, underline: true })] }),
                    ],
                    DOCX_TEXT_WIDTH - left,
                  ),
                ],
              }),
            ],
          }),
        );
        break;
      }
      case "title":
        out.push(
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 360 }, children: [run(b.text, { bold: true, size: 28 })] }),
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run(b.sub, { bold: true })] }),
        );
        break;
      case "heading":
        out.push(new Paragraph({ spacing: { before: 200, after: 80 }, children: [run(b.text, { bold: true })] }));
        break;
      case "para":
        out.push(
          new Paragraph({
            alignment: b.align === "center" ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
            spacing: { before: 80, after: 80, line: 312 },
            children: [run(b.text, { italics: b.italic, bold: b.bold })],
          }),
        );
        break;
      case "field":
        out.push(
          b.value == null
            ? dotted([run(`${b.label}: `)])
            : new Paragraph({ spacing: { after: 80, line: 312 }, children: [run(`${b.label}: `), run(b.value, { bold: true })] }),
        );
        break;
      case "lines":
        for (let i = 0; i < b.count; i++) out.push(dotted([]));
        break;
      case "signature": {
        const right = (children: TextRun[], after = 0) => new Paragraph({ alignment: AlignmentType.CENTER, indent: { left: Math.round(DOCX_TEXT_WIDTH * 0.45) }, spacing: { after }, children });
        out.push(
          new Paragraph({ spacing: { before: 240 }, children: [] }),
          right([run(b.dateLine, { italics: true })]),
          right([run(b.title, { bold: true })]),
          right([run(b.note, { italics: true })], 1400),
          right([run(b.name ?? "", { bold: true })]),
        );
        break;
      }
      case "note":
        out.push(new Paragraph({ spacing: { before: 360 }, children: [run(b.text, { italics: true, size: 20, color: "555555" })] }));
        break;
    }
  }
  return out;
}

/** The form as a Word file (.docx), editable before printing. */
export async function formDocx(form: FormDocument): Promise<Buffer> {
  const doc = new Document({
    title: nfc(form.title),
    creator: "Bình chọn sản phẩm CNNT tiêu biểu",
    styles: { default: { document: { run: { font: FONT, size: SIZE } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: DOCX_PAGE.width, height: DOCX_PAGE.height },
            margin: { top: DOCX_PAGE.top, bottom: DOCX_PAGE.bottom, left: DOCX_PAGE.left, right: DOCX_PAGE.right },
          },
        },
        children: docxBlocks(form.blocks),
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/* ------------------------------------------------------------------ */
/* PDF                                                                 */
/* ------------------------------------------------------------------ */

const BODY = { font: "serif", size: 11.5 } as const;
const LINE_GAP = 5;

/** The form as a PDF to print: A4, pages added as the content needs them (the report doc never breaks by itself). */
export async function formPdf(form: FormDocument, now = new Date()): Promise<Buffer> {
  const { doc, done } = await newReportDoc({ title: form.title, author: "Bình chọn sản phẩm CNNT tiêu biểu", subject: form.title, date: now });
  const bottom = PAGE.height - PAGE.bottom;
  let y: number = PAGE.top;
  const room = (h: number) => {
    if (y + h > bottom) {
      doc.addPage({ size: "A4", margin: 0 });
      y = PAGE.top;
    }
  };
  const dottedLine = (x0: number, yy: number) => {
    doc.save().lineWidth(0.6).strokeColor(GREY).dash(0.8, { space: 2.2 }).moveTo(x0, yy).lineTo(PAGE.left + CONTENT_WIDTH, yy).stroke().undash().restore();
  };
  const lineH = () => textHeight(doc, "Ag", CONTENT_WIDTH, BODY);

  for (const b of form.blocks) {
    switch (b.kind) {
      case "header":
        y = drawOfficialHeader(doc, [{ text: b.left, bold: true }], y);
        break;
      case "title":
        y += 22;
        y = drawText(doc, b.text, PAGE.left, y, CONTENT_WIDTH, { font: "serif-bold", size: 14, align: "center" });
        y = drawText(doc, b.sub, PAGE.left + 30, y + 2, CONTENT_WIDTH - 60, { font: "serif-bold", size: 12, align: "center" });
        y += 12;
        break;
      case "heading": {
        const h = textHeight(doc, b.text, CONTENT_WIDTH, { font: "serif-bold", size: 11.5 });
        room(h + 8 + 2 * lineH()); // never a heading alone at the foot of a page
        y = drawText(doc, b.text, PAGE.left, y + 8, CONTENT_WIDTH, { font: "serif-bold", size: 11.5 }) + 2;
        break;
      }
      case "para": {
        const style = { font: b.bold ? "serif-bold" : b.italic ? "serif-italic" : "serif", size: BODY.size, align: b.align === "center" ? "center" : "left" } as const;
        const h = textHeight(doc, b.text, CONTENT_WIDTH, style);
        room(h + 4);
        y = drawText(doc, b.text, PAGE.left, y + 4, CONTENT_WIDTH, style) + 2;
        break;
      }
      case "field": {
        const label = `${b.label}: `;
        if (b.value == null) {
          const h = textHeight(doc, label, CONTENT_WIDTH, BODY);
          room(h + LINE_GAP);
          drawText(doc, label, PAGE.left, y, CONTENT_WIDTH, BODY);
          // The dotted line starts after the label's last line.
          doc.font(BODY.font).fontSize(BODY.size);
          const lastLine = nfc(label).trim();
          const endX = h > lineH() * 1.5 ? PAGE.left + 60 : PAGE.left + Math.min(CONTENT_WIDTH - 40, doc.widthOfString(lastLine) + 4);
          dottedLine(endX, y + h - 3);
          y += h + LINE_GAP;
        } else {
          // Label in the body face, the value in bold, on the same line(s).
          doc.font("serif-bold").fontSize(BODY.size);
          const h = Math.max(doc.heightOfString(nfc(label + b.value), { width: CONTENT_WIDTH, lineGap: 1 }), lineH());
          room(h + LINE_GAP);
          doc.fillColor(INK).font(BODY.font).fontSize(BODY.size).text(nfc(label), PAGE.left, y, { width: CONTENT_WIDTH, lineGap: 1, continued: true });
          doc.font("serif-bold").text(nfc(b.value), { lineGap: 1 });
          y += h + LINE_GAP;
        }
        break;
      }
      case "lines":
        for (let i = 0; i < b.count; i++) {
          room(lineH() + LINE_GAP);
          dottedLine(PAGE.left, y + lineH() - 3);
          y += lineH() + LINE_GAP;
        }
        break;
      case "signature": {
        const x = PAGE.left + CONTENT_WIDTH * 0.45;
        const w = CONTENT_WIDTH * 0.55;
        room(130);
        y += 14;
        y = drawText(doc, b.dateLine, x, y, w, { font: "serif-italic", size: BODY.size, align: "center" });
        y = drawText(doc, b.title, x, y + 2, w, { font: "serif-bold", size: BODY.size, align: "center" });
        y = drawText(doc, b.note, x, y, w, { font: "serif-italic", size: 10.5, align: "center" });
        y += 62;
        if (b.name) y = drawText(doc, b.name, x, y, w, { font: "serif-bold", size: BODY.size, align: "center" });
        break;
      }
      case "note":
        // In the foot margin of the current (last) page, so it never takes a page of its own.
        drawText(doc, b.text, PAGE.left, PAGE.height - PAGE.bottom + 12, CONTENT_WIDTH, { font: "serif-italic", size: 8, color: GREY });
        break;
    }
  }
  doc.end();
  return done;
}

/* ------------------------------------------------------------------ */
/* The four generators the routes serve                                */
/* ------------------------------------------------------------------ */

export const registrationDocx = (s: FormSource) => formDocx(registrationForm(s));
export const registrationPdf = (s: FormSource, now?: Date) => formPdf(registrationForm(s), now);
export const explanationDocx = (s: FormSource) => formDocx(explanationForm(s));
export const explanationPdf = (s: FormSource, now?: Date) => formPdf(explanationForm(s), now);
