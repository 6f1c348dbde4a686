-- Characters no font has (an emoji, a rare ideograph): the PDF shows 〓 in their place, as it
-- does under fazhi's own engine (fazhi/glyphs.py), instead of an empty box (Quarto 1.7) or a
-- failed PDF/A (Quarto 1.9 and later). fazhi itself judges which characters are refused, with
-- the fonts Typst sees; a show rule at the top of the document sets 〓 for each of them, and a
-- line of Quarto's output names them, for `fazhi render --engine quarto` to say so.
function Pandoc(doc)
  local python = os.getenv("QUARTO_PYTHON") or "python"
  local ok, found = pcall(pandoc.pipe, python, {"-m", "fazhi.glyphs"}, pandoc.write(doc, "typst"))
  if not ok then
    return nil -- no fazhi in this Python: the document renders as it would without the filter
  end
  local alternatives = {}
  for code in found:gmatch("%x+") do
    table.insert(alternatives, "\\u{" .. code .. "}")
  end
  if #alternatives == 0 then
    return nil
  end
  io.stderr:write("fazhi-glyphs: " .. found)
  doc.blocks:insert(1, pandoc.RawBlock("typst", '#show regex("' .. table.concat(alternatives, "|") .. '"): "〓"'))
  return doc
end
