import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
function shellQuote(s){return/^[\w@%+=:,./-]+$/.test(s)?s:/[\u0000-\u001f\u007f]/.test(s)?`$'${s.replace(/[\\'\u0000-\u001f\u007f]/g,c=>c==="\\"||c==="'"?`\\${c}`:`\\x${c.charCodeAt(0).toString(16).padStart(2,"0")}`)}'`:`'${s.replace(/'/g,"'\\''")}'`}export{shellQuote};
//# sourceMappingURL=chunk-XCHSOIR4.js.map
