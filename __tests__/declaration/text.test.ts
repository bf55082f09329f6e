import { descriptionText, nameFold, nameText } from "../../lib/declaration";

describe("names are compared after normalisation and folding look-alikes", () => {
  it.each([
    ["Stadt Grabow", "Stadt Gr\u0430bow", "a Cyrillic а"],
    ["Stadt Teststadt", "Stadt \u03a4eststadt", "a Greek Τ"],
    ["Stadt Grabow", "Stadt \uff27\uff52\uff41\uff42\uff4f\uff57", "fullwidth letters"],
    ["Stadt Wolfin", "Stadt Wol\ufb01n", "a ligature"],
    ["Stadt Gräbow", "Stadt Gra\u0308bow", "a decomposed umlaut"],
    ["Stadt Parchim", "Stadt Parchirn", "rn for m"],
    ["Stadt Lübtheen", "Stadt 1übtheen", "1 for l"],
    ["Stadt Grabow", "STADT GRABOW", "capitals"],
  ])("%s and %s are one name (%s)", (a, b) => {
    expect(nameFold(a)).toBe(nameFold(b));
  });

  it.each([
    ["Stadt Grabow", "Stadt Gräbow"],
    ["Groß Godems", "Gross Godems"],
    ["Stadt Parchim", "Stadt Parchin"],
  ])("%s and %s stay two names", (a, b) => {
    expect(nameFold(a)).not.toBe(nameFold(b));
  });
});

describe("free text", () => {
  it.each(["Stadt Boizenburg/Elbe", "Zarrentin am Schaalsee", "Stadt Lübz (Amt Eldenburg Lübz)", "Groß Godems", "Landeshauptstadt Schwerin", "Amt Crivitz – Verwaltung"])("accepts the municipal name %s", (name) => {
    expect(nameText.safeParse(name).success).toBe(true);
  });

  it.each(["Stadt ${x}", "Stadt %{ if true }x%{ endif }", "Stadt <b>X</b>", "Stadt **X**", "Stadt [X](y)", "Stadt\nX", "Stadt \u202eX", "Stadt Gr\u0430bow"])("refuses the name %j", (name) => {
    expect(nameText.safeParse(name).success).toBe(false);
  });

  it("lets a description say a little more, but nothing that is markup or a template", () => {
    expect(descriptionText().safeParse("Standesamt: Personenstandsregister, 19 % Anteil").success).toBe(true);
    for (const bad of ["a ${b}", "a %{b}", "a <!-- b -->", "a `b`", "a | b", "@kasse", "a\r\nb"]) expect(descriptionText().safeParse(bad).success).toBe(false);
  });
});
