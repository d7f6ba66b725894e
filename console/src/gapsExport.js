// Export of gap findings as CSV (UTF-8 with a BOM, for Excel) or XLSX (write-excel-file,
// loaded on first use). A cell starting with = + - @ tab or CR is neutralised with a leading
// single quote in both (OWASP CSV injection), so no spreadsheet runs it as a formula.

const FORMULA_START = /^[=+\-@\t\r]/

/** The text of one exported cell, neutralised. */
export function neutralise(value) {
  const text = value == null ? '' : String(value)
  return FORMULA_START.test(text) ? "'" + text : text
}

/** A table (header row first) as CSV text with a BOM and CRLF line ends. */
export function toCsv(rows) {
  const quote = (value) => '"' + neutralise(value).replaceAll('"', '""') + '"'
  return '\uFEFF' + rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n'
}

function download(blob, fileName) {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export function downloadCsv(rows, fileName) {
  download(new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }), fileName)
}

export async function downloadXlsx(rows, fileName) {
  const { default: writeExcelFile } = await import('write-excel-file/browser')
  const sheet = rows.map((row) => row.map((value) => ({ value: neutralise(value), type: String })))
  download(await writeExcelFile(sheet).toBlob(), fileName)
}
