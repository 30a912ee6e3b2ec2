/* The archive's statement form: the rules of `check`, in the browser, with its messages.
 *
 * The rules and messages come from the archive's own definitions (archive-form-rules.js, written
 * by the build). The same functions run under Node.js in the tests, next to the archive's validator.
 */
(function (root) {
  "use strict";

  // What YAML 1.1 reads as yes/no: the archive refuses such a value unquoted.
  var BOOLEANS = {};
  ["y", "yes", "n", "no", "true", "false", "on", "off"].forEach(function (w) {
    [w, w.toUpperCase(), w.charAt(0).toUpperCase() + w.slice(1)].forEach(function (v) { BOOLEANS[v] = true; });
  });

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function isBlank(value) {
    if (value === undefined || value === null) return true;
    if (typeof value === "string") return value.trim() === "";
    if (Array.isArray(value)) return value.length === 0;
    if (typeof value === "object") return Object.keys(value).every(function (k) { return isBlank(value[k]); });
    return false;
  }

  // The file's stem the CMS makes from the date and the title (its slug rules: accents dropped,
  // lower case, quotes removed, periods made hyphens, any character but A-Z, 0-9, _ . ~ - made a
  // hyphen, hyphens not doubled nor at either end).
  function fileStem(date, title) {
    var slug = String(title).normalize("NFD").replace(/[\u0300-\u036f]/g, "").trim().toLowerCase()
      .replace(/'/g, "").replace(/\./g, "-").replace(/[^\w\-.~]/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
    return date + "-" + slug;
  }

  // The validator's suggest_statement_id and ascii_slug, for the name it suggests.
  function asciiSlug(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }
  function suggestId(stem) {
    var slug = asciiSlug(stem);
    if (/^[0-9]{4}-[0-9]{2}-[0-9]{2}(-|$)/.test(slug)) return slug.length > 11 ? slug : slug + "-short-slug";
    return "YYYY-MM-DD-" + (slug || "short-slug");
  }

  function Rules(rules) {
    this.rules = rules;
    this.patterns = {};
    for (var name in rules.patterns) this.patterns[name] = new RegExp(rules.patterns[name]);
    this.ids = {};
    var self = this;
    rules.registry.forEach(function (option) { self.ids[option.value] = option; });
  }

  Rules.prototype.say = function (id, values) { return fill(this.rules.messages[id], values || {}); };

  // The validator's _text: a non-empty text; one line unless multiline.
  Rules.prototype.text = function (key, value, multiline) {
    var name = key.split(".").pop();
    if (typeof value !== "string") value = value === undefined || value === null ? "" : String(value);
    if (BOOLEANS[value]) return { error: this.say("boolean", { key: key, value: value, name: name }) };
    var text = value.trim();
    if (!text) return { error: this.say("empty", { key: key }) };
    if (!multiline && text.indexOf("\n") >= 0) return { error: this.say("single_line", { key: key }) };
    return { value: multiline ? text : text.split(/\s+/).join(" ") };
  };

  Rules.prototype.date = function (key, value) {
    var r = this.text(key, value);
    if (r.error) return r;
    var m = this.patterns.iso_date.exec(r.value);
    if (!m) return { error: this.say("iso_date", { key: key, value: r.value }) };
    var year = +m[1], month = +m[2], day = +m[3];
    if (month < 1 || month > 12) return { error: this.say("no_month", { key: key, value: r.value, month: month }) };
    var days = new Date(Date.UTC(2000, month, 0)).getUTCDate();
    if (month === 2) days = (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
    if (day < 1 || day > days) {
      return { error: this.say("month_days", { key: key, value: r.value, month: this.rules.months[month - 1], year: year, days: days }) };
    }
    return { value: r.value };
  };

  // One value against its rule: {error: message} or {value: what the validator keeps}.
  Rules.prototype.check = function (rule, key, value) {
    var r;
    switch (rule) {
      case "title":
        r = this.text(key, value);
        if (!r.error && Array.from(r.value).length > this.rules.max_title) {
          return { error: this.say("title_length", { length: Array.from(r.value).length, limit: this.rules.max_title }) };
        }
        return r;
      case "date":
        return this.date(key, value);
      case "note":
        return this.text(key, value, true);
      case "place":
        r = this.text(key, value);
        if (r.error) return r;
        var cut = r.value.lastIndexOf(",");
        if (cut < 0 || !r.value.slice(0, cut).trim() || !r.value.slice(cut + 1).trim()) {
          return { error: this.say("place", { value: r.value }) };
        }
        return r;
      case "language":
        r = this.text(key, value);
        if (!r.error && !this.patterns.language.test(r.value)) return { error: this.say("language", { value: r.value }) };
        return r;
      case "kind":
        r = this.text(key, value);
        if (!r.error && this.rules.kinds.indexOf(r.value.toLowerCase()) < 0) {
          return { error: this.say("kind", { value: r.value, hint: "", kinds: this.rules.kinds.join(", ") }) };
        }
        return r;
      case "url":
        r = this.text(key, value);
        if (!r.error && !this.patterns.url.test(r.value)) return { error: this.say("url", { key: key, value: r.value }) };
        return r;
      case "statement-id":
        var id = typeof value === "string" ? value.trim() : "";
        if (!this.patterns.statement_id.test(id)) return { error: this.say("statement_id", { value: id }) };
        return { value: id };
      case "signatories":
        var ids = value || [];
        if (!ids.length) return { error: this.say("signatories_empty") };
        var seen = {};
        for (var i = 0; i < ids.length; i++) {
          if (!this.ids[ids[i]]) return { error: this.say("signatory_unknown", { id: ids[i], hint: "" }) };
          if (seen[ids[i]]) return { error: this.say("signatory_twice", { id: ids[i] }) };
          seen[ids[i]] = true;
        }
        return { value: ids };
      default:
        return this.text(key, value);
    }
  };

  // What the form writes, cleaned as it is saved: empty optional values left out.
  Rules.prototype.clean = function (data) {
    var out = {};
    for (var key in data) {
      var value = data[key];
      if (value && typeof value === "object" && !Array.isArray(value)) {
        var inner = {};
        for (var sub in value) if (!isBlank(value[sub])) inner[sub] = value[sub];
        value = inner;
      }
      if (key === "body") { out[key] = value; continue; }
      if (key === "embargoed" && value === false) continue;
      if (isBlank(value) && this.rules.required.indexOf(key) < 0) continue;
      out[key] = value;
    }
    return out;
  };

  // check's message when the file name made from the date and the title is not a statement id.
  Rules.prototype.fileName = function (date, title) {
    var stem = fileStem(date, title);
    if (this.patterns.statement_id.test(stem)) return null;
    return this.say("file_name", { name: stem + ".md", suggested: suggestId(stem) + ".md" });
  };

  // Every problem `check` finds in the form's fields, [{field, message}]; ``form`` gives each field's rule.
  Rules.prototype.checkStatement = function (data, form, today) {
    var problems = [], self = this;
    form.forEach(function (field) {
      var value = data[field.name];
      if (field.fields && value && typeof value === "object" && !Array.isArray(value)) {
        field.fields.forEach(function (sub) {
          if (value[sub.name] !== undefined && sub.rule) {
            var r = self.check(sub.rule, field.name + "." + sub.name, value[sub.name]);
            if (r.error) problems.push({ field: field.name + "." + sub.name, message: r.error });
          }
        });
        return;
      }
      if (value === undefined) {
        if (self.rules.required.indexOf(field.name) >= 0) {
          problems.push({ field: field.name, message: self.say("required", { key: field.name, required: self.rules.required.join(", ") }) });
        }
        return;
      }
      if (!field.rule) return;
      var r = self.check(field.rule, field.name, value);
      if (r.error) problems.push({ field: field.name, message: r.error });
    });
    var date = data.date !== undefined ? this.date("date", data.date) : { error: true };
    if (!date.error && today && date.value > today && data.embargoed !== true) {
      problems.push({ field: "date", message: this.say("future", { date: date.value, today: today }) });
    }
    if (!date.error && data.title !== undefined && !this.text("title", data.title).error) {
      var name = this.fileName(date.value, data.title);
      if (name) problems.push({ field: "title", message: name });
    }
    if (!date.error && this.rules.years && !this.local && this.rules.years.indexOf(+date.value.slice(0, 4)) < 0) {
      problems.push({ field: "date", message: this.say("year_index", { folder: this.rules.folder + "/" + date.value.slice(0, 4) }) });
    }
    return problems;
  };

  // Folded for matching as the archive's fold (core/text.py; tests/data/fold_cases.json holds the cases
  // both pass): case folded, accents dropped, spaces tidied.
  function fold(text) {
    return text.normalize("NFD").toLowerCase().toUpperCase().toLowerCase().replace(/\p{M}+/gu, "")
      .split(/[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/).filter(Boolean).join(" ");
  }

  // The signatory picker's search: every word typed is found in the name, acronym, other names or id.
  function Finder(options) {
    this.options = options;
    this.haystacks = options.map(function (o) { return fold([o.label, o.value].concat(o.aliases || []).join(" | ")); });
  }
  Finder.prototype.find = function (query, limit, exclude) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    var found = [];
    if (!words.length) return found;
    for (var i = 0; i < this.haystacks.length && found.length < limit; i++) {
      var hay = this.haystacks[i], ok = true;
      for (var w = 0; w < words.length; w++) if (hay.indexOf(words[w]) < 0) { ok = false; break; }
      if (ok && !(exclude && exclude[this.options[i].value])) found.push(this.options[i]);
    }
    return found;
  };


  // ---- The registry as entries, written back as `solidarity-archive signatory` writes it ----
  //
  // The registry (source/signatories.yaml) is a mapping of ids to entries. The form shows it as a
  // list of entries; when it is saved, every entry the form did not change is written back exactly
  // as it was (its comments, blank lines, order and quoting), a changed entry's lines are written
  // anew in its place (the comments around it kept), and a new entry is appended at the end.

  var ENTRY_FIELDS = ["name", "acronym", "country", "url", "aliases"];
  var REGISTRY_KEY = /^([a-z0-9]+(?:-[a-z0-9]+)*):\s*(#.*)?$/;

  function yamlScalar(text) {
    text = text.trim();
    if (text.charAt(0) === '"') return JSON.parse(text.replace(/\s+#.*$/, "").replace(/\\\//g, "/"));
    if (text.charAt(0) === "'") return text.replace(/\s+#.*$/, "").slice(1, -1).replace(/''/g, "'");
    return text.replace(/\s+#.*$/, "");
  }

  function plainSafe(text) {
    return /^[^\s\-?:,\[\]{}#&*!|>'"%@`][^#:]*$/.test(text) && !/\s$/.test(text) && !BOOLEANS[text] &&
      !/^(null|~|[-+]?[0-9][0-9_.eE+-]*|\.inf|\.nan)$/i.test(text) && text.indexOf(": ") < 0 && text.indexOf(" #") < 0;
  }

  function yamlText(text) { return plainSafe(text) ? text : JSON.stringify(text); }

  // The file cut into its entries: {head, entries: [{id, lines, fields, tail}]}.
  function readRegistry(raw) {
    var lines = raw.replace(/\r\n?/g, "\n").split("\n");
    var head = [], entries = [], current = null;
    lines.forEach(function (line) {
      var key = REGISTRY_KEY.exec(line);
      if (key) {
        current = { id: key[1], lines: [line], fields: {}, order: [], tail: [] };
        entries.push(current);
        return;
      }
      if (!current) { head.push(line); return; }
      if (/^\s*(#.*)?$/.test(line)) { current.tail.push(line); return; }
      // A line of the entry: the comments and blank lines before it belong to the entry too.
      current.lines = current.lines.concat(current.tail, [line]);
      current.tail = [];
      var field = /^  ([a-z_]+):\s*(.*)$/.exec(line);
      var item = /^\s+-\s+(.*)$/.exec(line);
      if (field) {
        current.last = field[1];
        current.order.push(field[1]);
        current.fields[field[1]] = field[2].replace(/\s+#.*$/, "") === "" ? [] : yamlScalar(field[2]);
      } else if (item && current.last && Array.isArray(current.fields[current.last])) {
        current.fields[current.last].push(yamlScalar(item[1]));
      } else {
        throw new Error("source/signatories.yaml, line '" + line.trim() + "': the form cannot edit this entry; use 'solidarity-archive signatory'");
      }
    });
    return { head: head, entries: entries };
  }

  function same(a, b) { return JSON.stringify(a === undefined ? null : a) === JSON.stringify(b === undefined ? null : b); }

  function entryLines(id, fields, order) {
    var out = [id + ":"], keys = order.slice();
    ENTRY_FIELDS.forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); });
    Object.keys(fields).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); });
    keys.forEach(function (k) {
      var v = fields[k];
      if (v === undefined || v === null || v === "" || (Array.isArray(v) && !v.length)) return;
      if (Array.isArray(v)) {
        out.push("  " + k + ":");
        v.forEach(function (item) { out.push("    - " + yamlText(String(item))); });
      } else {
        out.push("  " + k + ": " + yamlText(String(v)));
      }
    });
    return out;
  }

  function registryFormat() {
    var original = null;
    return {
      fromFile: function (raw) {
        original = readRegistry(raw);
        return {
          entries: original.entries.map(function (e) {
            var entry = { id: e.id };
            Object.keys(e.fields).forEach(function (k) { entry[k] = e.fields[k]; });
            return entry;
          }),
        };
      },
      toFile: function (data) {
        var before = original || { head: [], entries: [] };
        var byId = {};
        before.entries.forEach(function (e) { byId[e.id] = e; });
        var out = before.head.slice();
        var written = {};
        (data.entries || []).forEach(function (entry) {
          var fields = {};
          Object.keys(entry).forEach(function (k) { if (k !== "id") fields[k] = entry[k]; });
          var old = byId[entry.id];
          if (old) {
            var changed = Object.keys(fields).concat(Object.keys(old.fields)).some(function (k) {
              var a = fields[k], b = old.fields[k];
              if ((a === "" || a === null || (Array.isArray(a) && !a.length)) && b === undefined) return false;
              return !same(a, b);
            });
            out = out.concat(changed ? entryLines(entry.id, Object.assign({}, old.fields, fields), old.order) : old.lines, old.tail);
          } else {
            if (out.length && out[out.length - 1] !== "") out.push("");
            out = out.concat(entryLines(entry.id, fields, []), [""]);
          }
          written[entry.id] = true;
        });
        var text = out.join("\n").replace(/\n+$/, "") + "\n";
        return text;
      },
    };
  }

  var api = { Rules: Rules, Finder: Finder, fill: fill, fold: fold, registryFormat: registryFormat, fileStem: fileStem };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }
  root.ArchiveForm = api;

  // ---- In the browser: the form's widgets, registered with the CMS ----

  // Under make edit, the live preview adds to every page it serves a script that reloads the page
  // when a build ends: the form would lose what a person is typing whenever a saved statement is
  // rebuilt. The form keeps its page; the statement's own page still reloads.
  var NativeWebSocket = root.WebSocket;
  if (NativeWebSocket) {
    root.WebSocket = function (url, protocols) {
      if (/\/websocket-reload$/.test(String(url))) return { close: function () {} };
      return protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
    };
    root.WebSocket.prototype = NativeWebSocket.prototype;
    ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) { root.WebSocket[name] = NativeWebSocket[name]; });
  }
  var CMS = root.CMS, h = root.h, createClass = root.createClass;
  if (!CMS || !root.ARCHIVE_FORM_RULES) return;
  // A save the form refuses: the CMS shows the messages, then rejects its promise with no reason,
  // which no one handles. That is not an error of the page.
  // A file make edit's check refused is the same: the CMS rejects with its failure, which says it.
  var refusals = {};
  root.addEventListener("unhandledrejection", function (event) {
    var reason = event.reason;
    if (reason === undefined || (reason && reason.payload && refusals[reason.payload.error])) event.preventDefault();
  });
  var rules = new Rules(root.ARCHIVE_FORM_RULES);
  // On this computer (make edit) a new year's page is written next to the statement.
  rules.local = /^(127\.0\.0\.1|localhost|\[::1\])$/.test(root.location.hostname);
  var words = root.ARCHIVE_FORM_RULES.words;
  var finder = new Finder(root.ARCHIVE_FORM_RULES.registry);

  function plain(value) { return value && typeof value.toJS === "function" ? value.toJS() : value; }

  function fieldKey(field) { return field.get("key") || field.get("name"); }

  function validated(Base) {
    return class extends Base {
      constructor(props) {
        super(props);
        // The CMS's own "is required" would come first: the archive's message says it instead.
        this.getValidateValue = () => (isBlank(this.props.value) ? "-" : this.props.value);
        this.isValid = () => {
          var field = this.props.field, value = this.props.value;
          if (isBlank(value)) {
            return field.get("archive_required") ? { error: { message: rules.say("empty", { key: fieldKey(field) }) } } : true;
          }
          var r = rules.check(field.get("rule"), fieldKey(field), value);
          var entry = this.props.getEntry ? this.props.getEntry() : this.props.entry;
          if (!r.error && field.get("rule") === "title" && entry) {
            var date = rules.date("date", entry.getIn(["data", "date"]));
            var name = date.error ? null : rules.fileName(date.value, value);
            if (name) return { error: { message: name } };
          }
          return r.error ? { error: { message: r.error } } : true;
        };
      }
    };
  }

  CMS.registerWidget("archive-text", validated(CMS.getWidget("string").control), CMS.getWidget("string").preview);
  CMS.registerWidget("archive-note", validated(CMS.getWidget("text").control), CMS.getWidget("text").preview);

  var LIMIT = 30;
  var Signatories = createClass({
    getInitialState: function () { return { query: "", results: [], active: 0 }; },
    chosen: function () { return plain(this.props.value) || []; },
    getValidateValue: function () { var ids = this.chosen(); return ids.length ? ids : ["-"]; },
    isValid: function () {
      var r = rules.check("signatories", "signatories", this.chosen());
      return r.error ? { error: { message: r.error } } : true;
    },
    search: function (event) {
      var query = event.target.value, exclude = {};
      this.chosen().forEach(function (id) { exclude[id] = true; });
      this.setState({ query: query, results: finder.find(query, LIMIT, exclude), active: 0 });
    },
    choose: function (option) {
      this.props.onChange(this.chosen().concat([option.value]));
      this.setState({ query: "", results: [], active: 0 });
    },
    remove: function (index) {
      var ids = this.chosen().slice(); ids.splice(index, 1); this.props.onChange(ids);
    },
    up: function (index) {
      if (index < 1) return;
      var ids = this.chosen().slice(), moved = ids.splice(index, 1)[0]; ids.splice(index - 1, 0, moved);
      this.props.onChange(ids);
    },
    key: function (event) {
      var n = this.state.results.length;
      if (event.key === "ArrowDown" && n) { event.preventDefault(); this.setState({ active: (this.state.active + 1) % n }); }
      else if (event.key === "ArrowUp" && n) { event.preventDefault(); this.setState({ active: (this.state.active + n - 1) % n }); }
      else if (event.key === "Enter") { event.preventDefault(); if (n) this.choose(this.state.results[this.state.active]); }
      else if (event.key === "Escape") { this.setState({ results: [] }); }
    },
    render: function () {
      var self = this, forID = this.props.forID, listId = forID + "-options";
      var chosen = this.chosen().map(function (id, index) {
        var option = rules.ids[id];
        return h("li", { key: id, className: "archive-chosen", "data-id": id },
          h("span", null, option ? option.label : id),
          h("button", { type: "button", title: words.up, "aria-label": words.up + ": " + (option ? option.label : id), onClick: function () { self.up(index); }, disabled: index === 0 }, "↑"),
          h("button", { type: "button", title: words.remove, "aria-label": words.remove + ": " + (option ? option.label : id), onClick: function () { self.remove(index); } }, "×"));
      });
      var results = this.state.results.map(function (option, index) {
        var others = (option.aliases || []).join(" · ");
        return h("li", {
          key: option.value, id: listId + "-" + index, role: "option", "aria-selected": index === self.state.active,
          className: "archive-option" + (index === self.state.active ? " active" : ""),
          onMouseDown: function (event) { event.preventDefault(); self.choose(option); },
        }, h("strong", null, option.label), others ? h("small", null, " " + others) : null);
      });
      var none = this.state.query.trim() && !results.length ? h("p", { className: "archive-none", role: "status" }, words.no_match) : null;
      return h("div", { className: this.props.classNameWrapper + " archive-signatories" },
        chosen.length ? h("ol", { className: "archive-chosen-list" }, chosen) : null,
        h("input", {
          id: forID, type: "text", role: "combobox", autoComplete: "off", value: this.state.query,
          "aria-expanded": results.length > 0, "aria-controls": listId, "aria-autocomplete": "list",
          "aria-activedescendant": results.length ? listId + "-" + this.state.active : undefined,
          onChange: this.search, onKeyDown: this.key,
          onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
        }),
        h("ul", { id: listId, role: "listbox", className: "archive-options" }, results),
        none);
    },
  });
  CMS.registerWidget("archive-signatories", Signatories, function (props) {
    var ids = plain(props.value) || [];
    return h("ol", null, ids.map(function (id) { return h("li", { key: id }, rules.ids[id] ? rules.ids[id].label : id); }));
  });

  // The statement's text: the CMS's Markdown editor, and under it what make edit's check found in
  // it when the form refused to write the file (check's own lines), until the text is changed.
  var bodyWidget = null;
  var Markdown = CMS.getWidget("markdown");
  class Body extends Markdown.control {
    componentDidMount() {
      if (super.componentDidMount) super.componentDidMount();
      bodyWidget = this;
    }
    componentWillUnmount() {
      if (bodyWidget === this) bodyWidget = null;
      if (super.componentWillUnmount) super.componentWillUnmount();
    }
    refuse(lines) { this.setState({ archiveRefused: { value: this.props.value, lines: lines } }); }
    render() {
      var refused = this.state && this.state.archiveRefused;
      var shown = refused && refused.value === this.props.value ? refused.lines : [];
      return h("div", { className: "archive-body" }, super.render(), shown.length ? h("ul", { className: "archive-problems", role: "alert" }, shown.map(function (line, index) {
        return h("li", { key: index }, line);
      })) : null);
    }
  }
  CMS.registerWidget("archive-body", Body, Markdown.preview, Markdown.schema);

  // make edit's check of the file the form is about to write, its text read by MyST as check reads
  // it (the archive's one reading of a statement's text). Only under make edit, whose build gives
  // the check's address; the published site's form has none, and there the pull request's check
  // refuses such a text.
  var CHECK = root.ARCHIVE_FORM_RULES.check;
  function checkFile(file) {
    return root.fetch(CHECK.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept-Language": CHECK.language },
      body: JSON.stringify({ path: file.path, text: file.raw }),
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) return [answer.error || String(response.status)];
        return answer.problems.map(function (p) { return p.text; });
      });
    });
  }
  // The last check before any file is written: the proxy's write of a statement (the file as the
  // CMS made it, after the preSave hook below) waits for it, and is not sent if check refuses it.
  var proxy = CHECK && CMS.getBackend && CMS.getBackend("proxy");
  if (proxy) {
    var init = proxy.init;
    proxy.init = function () {
      var backend = init.apply(this, arguments);
      var persist = backend.persistEntry;
      backend.persistEntry = function (entry, options) {
        var self = this, args = arguments;
        var files = (entry.dataFiles || []).filter(function (f) {
          return typeof f.raw === "string" && /\.md$/.test(f.path) && f.path.indexOf(rules.rules.folder + "/") === 0;
        });
        return Promise.all(files.map(checkFile)).then(function (found) {
          var lines = [].concat.apply([], found);
          if (lines.length) {
            if (bodyWidget) bodyWidget.refuse(lines);
            var refusal = new Error(lines.join("\n"));
            refusals[refusal.toString()] = true;
            throw refusal;
          }
          return persist.apply(self, args);
        });
      };
      return backend;
    };
  }

  CMS.registerCustomFormat("archive-registry", "yaml", registryFormat());

  // The gate before the CMS makes the file: empty optional fields left out, then every rule of the form.
  CMS.registerEventListener({
    name: "preSave",
    handler: function (args) {
      var entry = args.entry;
      if (entry.get("collection") !== "statements") return entry.get("data");
      var data = rules.clean(plain(entry.get("data")));
      var today = new Date().toISOString().slice(0, 10);
      var problems = rules.checkStatement(data, root.ARCHIVE_FORM_RULES.form, today);
      if (problems.length) throw new Error(problems.map(function (p) { return p.message; }).join("\n"));
      var result = entry.get("data");
      Object.keys(plain(result)).forEach(function (key) {
        result = Object.prototype.hasOwnProperty.call(data, key) ? result.set(key, data[key]) : result.delete(key);
      });
      return result;
    },
  });
})(typeof window !== "undefined" ? window : this);
