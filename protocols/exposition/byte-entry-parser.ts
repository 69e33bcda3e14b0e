/**
 * What the text and OpenMetrics parsers share: the payload's bytes (ByteText), the positions of
 * the current entry's parts, and the strings made from them only on request (the series text as
 * the scrape cache's key, names, HELP text).
 */
import { ByteText } from "./byte-text.ts"
import type { ExpositionError } from "./exposition-parser.ts"
import { unescapeText } from "./label-scan.ts"

export abstract class ByteEntryParser {
  protected readonly t: ByteText
  protected readonly b: Buffer
  protected pos = 0
  protected lineNo = 1
  protected labelsStart = -1
  protected labelsClose = -1
  protected nameStart = 0
  protected nameEnd = 0
  protected seriesEnd = 0
  protected series: string | undefined = undefined
  protected metaStart = 0
  protected metaEnd = 0
  protected helpStart = 0
  protected helpEnd = 0
  /** Whether HELP text unescapes `\"` too (OpenMetrics), besides `\\` and `\n`. */
  private readonly helpQuotes: boolean

  error: ExpositionError | undefined = undefined
  line = 0
  value = 0
  timestampMs: number | undefined = undefined

  /** The payload as a string, or as its UTF-8 bytes (a scraped body, not decoded first). */
  constructor(body: string | Uint8Array, helpQuotes: boolean) {
    this.t = new ByteText(body)
    this.b = this.t.b
    this.helpQuotes = helpQuotes
  }

  /** Made on request (a slice of a decoded chunk of lines): the scrape loop's cache key. */
  get seriesText(): string {
    if (this.series === undefined) this.series = this.t.str(this.nameStart, this.seriesEnd)
    return this.series
  }

  /** `seriesText` as an unshared string, to keep (e.g. as a cache key) past this payload. */
  get seriesTextCopy(): string {
    return this.t.copy(this.nameStart, this.seriesEnd)
  }

  seriesTextIs(text: string): boolean {
    return this.series !== undefined
      ? this.series === text
      : this.t.equals(this.nameStart, this.seriesEnd, text)
  }

  get metricName(): string {
    return this.t.str(this.nameStart, this.nameEnd)
  }

  get metaName(): string {
    return this.t.str(this.metaStart, this.metaEnd)
  }

  get helpText(): string {
    const h = this.t.str(this.helpStart, this.helpEnd)
    // A native search first: most HELP text has no escape.
    return h.indexOf("\\") < 0 ? h : unescapeText(h, 0, h.length, this.helpQuotes)
  }
}
