// Writes the JSON file of a school that `siecle push json --from ecole.json --out DIR` accepts.
// Plain Java 17, no library: a real product would take its pupils from its own database.
//   javac EcoleJson.java && java EcoleJson ecole.json
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class EcoleJson {

    /** A JSON value: Map (object), List (array), String, Boolean or Integer. */
    static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<String> members = new ArrayList<>();
            map.forEach((k, v) -> members.add(json(k) + ":" + json(v)));
            return "{" + String.join(",", members) + "}";
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(v -> items.add(json(v)));
            return "[" + String.join(",", items) + "]";
        }
        if (value instanceof String text) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    default -> {
                        if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                        else out.append(c);
                    }
                }
            }
            return out.append('"').toString();
        }
        return String.valueOf(value); // Boolean, Integer
    }

    static Map<String, Object> object(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) map.put((String) pairs[i], pairs[i + 1]);
        return map;
    }

    static Map<String, Object> person(String id, String civilite, String nom, String prenom) {
        return object("ID_PRV_PER", id, "CODE_CIVILITE", civilite, "NOM_DE_FAMILLE", nom,
                "PRENOM", prenom, "CODE_PROFESSION", "99",
                "ADRESSE", object("LIGNE1_ADRESSE", "12 rue de la Paix", "CODE_POSTAL", "59000",
                        "LL_POSTAL", "LILLE", "CODE_PAYS", "100"),
                "COMMUNICATION_ADRESSE", false, "ENFANT_A_CHARGE", 2);
    }

    static Map<String, Object> pupil(String id, String nom, String prenom, String born,
                                     String sexe, String mere, String pere) {
        return object("ID_PRV_ELE", id, "NOM_DE_FAMILLE", nom, "PRENOM", prenom,
                "CODE_PAYS_NAT", "100", "DATE_NAISS", born, "CODE_SEXE", sexe,
                "CODE_PAYS", "100", "CODE_COMMUNE_INSEE_NAISS", "59350",
                "ADHESION_TRANSPORT", false, "CODE_REGIME", "2", "DOUBLEMENT", false,
                "RESPONSABLES_ELEVE", object("LEGAL", List.of(
                        object("ID_PRV_PER", mere, "CODE_PARENTE", "10", "HEBERGE_ELEVE", true),
                        object("ID_PRV_PER", pere, "CODE_PARENTE", "20", "HEBERGE_ELEVE", true))),
                "SCOLARITE_ACTIVE", object("CODE_MEF", "10010012110", "CODE_STATUT", "ST",
                        "DATE_DEB_SCO", "2019-09-02"),
                "ETABLISSEMENT_AN_DERNIER", object("CODE_RNE", "0595209S",
                        "CODE_PROVENANCE", "1"));
    }

    public static void main(String[] args) throws IOException {
        Map<String, Object> school = object(
                "$schema", "urn:siecle-sdk:schema:ecole:1",
                "format", "siecle-sdk/ecole/1",
                "UAJ", "0595209S",
                "ANNEE_SCOLAIRE", "2019",
                "LOGICIEL", "JAVAECOLE",
                "PERSONNES", List.of(person("1", "2", "LEFÈVRE", "Hélène"),
                        person("2", "1", "LEFÈVRE", "Joël")),
                "ELEVES", List.of(
                        pupil("1", "LEFÈVRE", "Zoé", "2008-03-14", "2", "1", "2"),
                        pupil("2", "LEFÈVRE", "Noël", "2009-11-02", "1", "1", "2")));
        Path target = Path.of(args.length > 0 ? args[0] : "ecole.json");
        Path draft = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(draft, json(school), StandardCharsets.UTF_8);
        Files.move(draft, target, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
