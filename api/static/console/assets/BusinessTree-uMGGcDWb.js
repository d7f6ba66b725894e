import{aA as U,M as o,P as m,_ as f,$ as l,v as i,F as h,Z as N,a0 as S,W as _,ad as A,aF as G,r as y,ak as B,c as J,aB as K,L as a,O as F,S as Q}from"./vendor-10Tub67b.js";import{g as M,p}from"./index-DnfCTSjN.js";import{_ as X}from"./_plugin-vue_export-helper-DlAUqK2U.js";import"./element-plus-CWzkN6GX.js";const ee=`# bench: {"uid": "net-l4-001", "today": "2026-11-15"}
query BusinessTree($uid: String!, $today: String) {
  businessTree(uid: $uid, today: $today) {
    today
    subject { uid label name level }
    root {
      cells { uid name mode modeZh heads { uid name } }
      dataSources { uid name kind kindZh }
    }
    trunk {
      chain { uid name level heads { uid name } }
      reachesLevel2
      netsBelow { uid name level heads { uid name } }
      processes { uid name kind kindZh }
    }
    leaves {
      roles {
        role roleZh dutyCount completeDuties
        officers { uid name cell }
        duties { uid title complete missing missingZh }
      }
      dutiesWithoutRole { uid title complete missing missingZh }
    }
    fruit {
      problems { total solved open }
      hazards { total closedOnTime closedLate open openOverdue }
      training { sessions attendees windowFrom windowTo }
      assessment { latestMonth latestAverage yearFrom yearAverage yearAssessments }
    }
  }
}
`,se=`# bench: {}
query TreeMe {
  me { role units }
  nets(filter: { level: 3 }, first: 100) { nodes { uid name } }
}
`,te=`# bench: {"text": "采气"}
query TreePicker($text: String!) {
  search(text: $text, kinds: ["Net", "Cell"], first: 20) { uid kind name }
}
`,ne={class:"rg-page"},ae={key:0,class:"rg-toolbar"},oe={key:1,class:"rg-muted"},le={key:2,class:"rg-missing","data-test":"not-found"},ie={key:3,class:"rg-missing","data-test":"error"},re={class:"rg-muted"},ue=["data-test"],de={key:1},ce={class:"rg-toolbar"},me={class:"rg-muted"},he={class:"rg-brigades"},pe={__name:"BusinessTree",setup(be){const{t,locale:L}=U(),v=G(),Z=K(),x=typeof v.params.uid=="string"?v.params.uid:"",$=typeof v.query.today=="string"?v.query.today:"",z=y(!0),C=y(null),b=y(null),k=y([]),q=y([]),D=y([]);function T(s,n){return L.value==="zh-CN"&&s?s:String(n??"").replaceAll("_"," ")}function E(s,n){return{id:n+":"+s.uid,label:s.name,to:p("Person",s.uid),test:s.uid}}function O(s){return p("Net",s)}function R(s,n,r=""){const d=n.heads.map(w=>w.name).join("、"),c=d?t("businessTree.head",{names:d}):t("businessTree.noHead");return{id:s+":"+n.uid,label:n.name+r,note:c,missing:!d,to:p(s,n.uid),test:n.uid}}function P(s){const n=T(s.missingZh.join("、"),s.missing.join(", "));return{id:"duty:"+s.uid,label:s.title,note:s.complete?"":t("businessTree.missing",{list:n}),missing:!s.complete,to:p("Duty",s.uid),test:s.uid}}function u(s,n,r){return{id:s,label:n,children:r}}const V=J(()=>{const s=b.value;if(!s)return[];const{root:n,trunk:r,leaves:d,fruit:c}=s,w=Object.fromEntries(n.cells.map(e=>[e.uid,e.name])),j=r.chain.filter(e=>e.uid!==s.subject.uid);return[u("root",t("businessTree.root"),[u("cells",t("businessTree.cells",{n:n.cells.length}),n.cells.map(e=>R("Cell",e," · "+T(e.modeZh,e.mode)))),u("sources",t("businessTree.dataSources",{n:n.dataSources.length}),n.dataSources.map(e=>({id:"ds:"+e.uid,label:e.name,note:T(e.kindZh,e.kind),to:p("DataSource",e.uid),test:e.uid})))]),u("trunk",t("businessTree.trunk"),[u("chain",t("businessTree.chain"),[...j.map(e=>({...R("Net",e),to:null,children:e.heads.map(g=>E(g,"chain:"+e.uid))})),...r.reachesLevel2?[]:[{id:"broken",label:t("businessTree.brokenChain"),missing:!0}]]),u("below",t("businessTree.netsBelow",{n:r.netsBelow.length}),r.netsBelow.map(e=>R("Net",e))),u("processes",t("businessTree.processes",{n:r.processes.length}),r.processes.map(e=>({id:"pr:"+e.uid,label:e.name,note:T(e.kindZh,e.kind),to:p("Process",e.uid),test:e.uid})))]),u("leaves",t("businessTree.leaves"),[...d.roles.map(e=>({id:"role:"+e.role,label:T(e.roleZh,e.role),note:t("businessTree.duties",{complete:e.completeDuties,total:e.dutyCount}),missing:!e.officers.length,children:[u("officers:"+e.role,t("businessTree.officers",{n:e.officers.length}),e.officers.map(g=>({...E(g,e.role+":"+g.cell),note:w[g.cell]??g.cell}))),...e.duties.map(P)]})),u("without-role",t("businessTree.withoutRole",{n:d.dutiesWithoutRole.length}),d.dutiesWithoutRole.map(P))]),u("fruit",t("businessTree.fruit"),[{id:"problems",label:t("businessTree.problems",c.problems)},{id:"hazards",label:t("businessTree.hazards",c.hazards),missing:c.hazards.openOverdue>0},{id:"training",label:t("businessTree.training",c.training),missing:!c.training.sessions},c.assessment.latestMonth?{id:"assessment",label:t("businessTree.assessment",c.assessment)}:{id:"assessment",label:t("businessTree.noAssessment"),missing:!0}])]});async function W(s){const n=s.trim().slice(0,100);if(n)try{D.value=(await M(te,{text:n})).search}catch{D.value=[]}}function Y(s){Z.replace({query:{...v.query,today:s||void 0}})}function H(s){Z.push(O(s))}async function I(){try{if(x)b.value=(await M(ee,{uid:x,today:$||null})).businessTree;else{const s=await M(se);if(k.value=s.me.units,k.value.length===1)return Z.replace(O(k.value[0]));q.value=s.me.role==="head"?[]:s.nets.nodes}}catch(s){C.value=s}finally{z.value=!1}}return I(),(s,n)=>{const r=B("el-date-picker"),d=B("router-link"),c=B("el-tree"),w=B("el-option"),j=B("el-select");return a(),o("div",ne,[m("h1",null,[f(l(i(t)("businessTree.title")),1),b.value?(a(),o(h,{key:0},[f(" · "+l(b.value.subject.name),1)],64)):N("",!0)]),i(x)?(a(),o("div",ae,[m("span",null,l(i(t)("businessTree.day")),1),S(r,{"model-value":i($),type:"date","value-format":"YYYY-MM-DD",placeholder:i(t)("businessTree.dayPlaceholder"),"data-test":"today","onUpdate:modelValue":Y},null,8,["model-value","placeholder"])])):N("",!0),z.value?(a(),o("p",oe,l(i(t)("shell.loading")),1)):C.value?.code==="NOT_FOUND"?(a(),o("p",le,l(i(t)("businessTree.notFound")),1)):C.value?(a(),o("p",ie,l(i(t)("shell.failed",{message:C.value.message})),1)):b.value?(a(),o(h,{key:4},[m("p",re,l(i(t)("businessTree.today",{today:b.value.today})),1),S(c,{data:V.value,"node-key":"id","default-expanded-keys":["root","trunk","leaves","fruit"],"data-test":"business-tree"},{default:_(({data:e})=>[m("span",{"data-test":e.children&&!e.to?"part-"+e.id:null},[e.to?(a(),F(d,{key:0,to:e.to,"data-test":"node-"+e.test},{default:_(()=>[f(l(e.label),1)]),_:2},1032,["to","data-test"])):(a(),o("span",de,l(e.label),1)),e.note?(a(),o("span",{key:2,class:Q([e.missing?"rg-missing":"rg-muted","rg-note"])},l(e.note),3)):N("",!0)],8,ue)]),_:1},8,["data"])],64)):(a(),o(h,{key:5},[m("div",ce,[S(j,{"model-value":null,filterable:"",remote:"","remote-method":W,placeholder:i(t)("businessTree.pickHint"),"aria-label":i(t)("businessTree.pick"),class:"rg-picker","data-test":"pick",onChange:H},{default:_(()=>[(a(!0),o(h,null,A(D.value,e=>(a(),F(w,{key:e.uid,value:e.uid,label:e.name},{default:_(()=>[f(l(e.name)+" ",1),m("span",me,"· "+l(i(t)("kinds."+e.kind)),1)]),_:2},1032,["value","label"]))),128))]),_:1},8,["placeholder","aria-label"])]),k.value.length?(a(),o(h,{key:0},[m("h2",null,l(i(t)("businessTree.mine")),1),m("ul",null,[(a(!0),o(h,null,A(k.value,e=>(a(),o("li",{key:e},[S(d,{to:O(e),"data-test":"mine-"+e},{default:_(()=>[f(l(e),1)]),_:2},1032,["to","data-test"])]))),128))])],64)):N("",!0),q.value.length?(a(),o(h,{key:1},[m("h2",null,l(i(t)("businessTree.brigades")),1),m("div",he,[(a(!0),o(h,null,A(q.value,e=>(a(),F(d,{key:e.uid,to:i(p)("Net",e.uid),"data-test":"brigade-"+e.uid},{default:_(()=>[f(l(e.name),1)]),_:2},1032,["to","data-test"]))),128))])],64)):N("",!0)],64))])}}},ve=X(pe,[["__scopeId","data-v-7c9bdcbd"]]);export{ve as default};
