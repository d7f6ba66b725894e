import{aA as U,M as o,P as c,_ as b,$ as l,v as i,F as p,Z as y,O as S,W as g,a0 as Z,ad as F,aF as G,r as v,ak as B,c as J,aB as K,L as a,S as Q}from"./vendor-Bak9yhh1.js";import{s as X,g as M,p as f}from"./index-CLo3yCRZ.js";import{_ as ee}from"./_plugin-vue_export-helper-DlAUqK2U.js";import"./element-plus-C7bujpR6.js";const se=`# bench: {"uid": "net-l4-001", "today": "2026-11-15"}
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
`,te=`# bench: {}
query TreeMe {
  me { role units }
  nets(filter: { level: 3 }, first: 100) { nodes { uid name } }
}
`,ne=`# bench: {"text": "采气"}
query TreePicker($text: String!) {
  search(text: $text, kinds: ["Net", "Cell"], first: 20) { uid kind name }
}
`,ae={class:"rg-page"},le={key:0,class:"rg-toolbar"},ie={key:1,class:"rg-muted"},oe={key:2,class:"rg-missing","data-test":"not-found"},re={key:3,class:"rg-missing","data-test":"error"},ue={class:"rg-muted"},de=["data-test"],ce={key:1},me={class:"rg-toolbar"},he={class:"rg-muted"},pe={class:"rg-brigades"},be={__name:"BusinessTree",setup(ge){const{t,locale:L}=U(),k=G(),x=K(),j=typeof k.params.uid=="string"?k.params.uid:"",$=typeof k.query.today=="string"?k.query.today:"",z=v(!0),C=v(null),h=v(null),T=v([]),q=v([]),D=v([]);function w(s,n){return L.value==="zh-CN"&&s?s:String(n??"").replaceAll("_"," ")}function E(s,n){return{id:n+":"+s.uid,label:s.name,to:f("Person",s.uid),test:s.uid}}function O(s){return f("Net",s)}function R(s,n,r=""){const m=n.heads.map(N=>N.name).join("、"),d=m?t("businessTree.head",{names:m}):t("businessTree.noHead");return{id:s+":"+n.uid,label:n.name+r,note:d,missing:!m,to:f(s,n.uid),test:n.uid}}function P(s){const n=w(s.missingZh.join("、"),s.missing.join(", "));return{id:"duty:"+s.uid,label:s.title,note:s.complete?"":t("businessTree.missing",{list:n}),missing:!s.complete,to:f("Duty",s.uid),test:s.uid}}function u(s,n,r){return{id:s,label:n,children:r}}const V=J(()=>{const s=h.value;if(!s)return[];const{root:n,trunk:r,leaves:m,fruit:d}=s,N=Object.fromEntries(n.cells.map(e=>[e.uid,e.name])),A=r.chain.filter(e=>e.uid!==s.subject.uid);return[u("root",t("businessTree.root"),[u("cells",t("businessTree.cells",{n:n.cells.length}),n.cells.map(e=>R("Cell",e," · "+w(e.modeZh,e.mode)))),u("sources",t("businessTree.dataSources",{n:n.dataSources.length}),n.dataSources.map(e=>({id:"ds:"+e.uid,label:e.name,note:w(e.kindZh,e.kind),to:f("DataSource",e.uid),test:e.uid})))]),u("trunk",t("businessTree.trunk"),[u("chain",t("businessTree.chain"),[...A.map(e=>({...R("Net",e),to:null,children:e.heads.map(_=>E(_,"chain:"+e.uid))})),...r.reachesLevel2?[]:[{id:"broken",label:t("businessTree.brokenChain"),missing:!0}]]),u("below",t("businessTree.netsBelow",{n:r.netsBelow.length}),r.netsBelow.map(e=>R("Net",e))),u("processes",t("businessTree.processes",{n:r.processes.length}),r.processes.map(e=>({id:"pr:"+e.uid,label:e.name,note:w(e.kindZh,e.kind),to:f("Process",e.uid),test:e.uid})))]),u("leaves",t("businessTree.leaves"),[...m.roles.map(e=>({id:"role:"+e.role,label:w(e.roleZh,e.role),note:t("businessTree.duties",{complete:e.completeDuties,total:e.dutyCount}),missing:!e.officers.length,children:[u("officers:"+e.role,t("businessTree.officers",{n:e.officers.length}),e.officers.map(_=>({...E(_,e.role+":"+_.cell),note:N[_.cell]??_.cell}))),...e.duties.map(P)]})),u("without-role",t("businessTree.withoutRole",{n:m.dutiesWithoutRole.length}),m.dutiesWithoutRole.map(P))]),u("fruit",t("businessTree.fruit"),[{id:"problems",label:t("businessTree.problems",d.problems)},{id:"hazards",label:t("businessTree.hazards",d.hazards),missing:d.hazards.openOverdue>0},{id:"training",label:t("businessTree.training",d.training),missing:!d.training.sessions},d.assessment.latestMonth?{id:"assessment",label:t("businessTree.assessment",d.assessment)}:{id:"assessment",label:t("businessTree.noAssessment"),missing:!0}])]});async function W(s){const n=s.trim().slice(0,100);if(n)try{D.value=(await M(ne,{text:n})).search}catch{D.value=[]}}function Y(s){x.replace({query:{...k.query,today:s||void 0}})}function H(s){x.push(O(s))}async function I(){try{if(j)h.value=(await M(se,{uid:j,today:$||null})).businessTree;else{const s=await M(te);if(T.value=s.me.units,T.value.length===1)return x.replace(O(T.value[0]));q.value=s.me.role==="head"?[]:s.nets.nodes}}catch(s){C.value=s}finally{z.value=!1}}return I(),(s,n)=>{const r=B("router-link"),m=B("el-date-picker"),d=B("el-tree"),N=B("el-option"),A=B("el-select");return a(),o("div",ae,[c("h1",null,[b(l(i(t)("businessTree.title")),1),h.value?(a(),o(p,{key:0},[b(" · "+l(h.value.subject.name),1)],64)):y("",!0),h.value&&["admin","head"].includes(i(X).user?.role)?(a(),S(r,{key:1,to:{name:"change",params:{uid:h.value.subject.uid}},"data-test":"change-link"},{default:g(()=>[b(l(i(t)("changes.link")),1)]),_:1},8,["to"])):y("",!0)]),i(j)?(a(),o("div",le,[c("span",null,l(i(t)("businessTree.day")),1),Z(m,{"model-value":i($),type:"date","value-format":"YYYY-MM-DD",placeholder:i(t)("businessTree.dayPlaceholder"),"data-test":"today","onUpdate:modelValue":Y},null,8,["model-value","placeholder"])])):y("",!0),z.value?(a(),o("p",ie,l(i(t)("shell.loading")),1)):C.value?.code==="NOT_FOUND"?(a(),o("p",oe,l(i(t)("businessTree.notFound")),1)):C.value?(a(),o("p",re,l(i(t)("shell.failed",{message:C.value.message})),1)):h.value?(a(),o(p,{key:4},[c("p",ue,l(i(t)("businessTree.today",{today:h.value.today})),1),Z(d,{data:V.value,"node-key":"id","default-expanded-keys":["root","trunk","leaves","fruit"],"data-test":"business-tree"},{default:g(({data:e})=>[c("span",{"data-test":e.children&&!e.to?"part-"+e.id:null},[e.to?(a(),S(r,{key:0,to:e.to,"data-test":"node-"+e.test},{default:g(()=>[b(l(e.label),1)]),_:2},1032,["to","data-test"])):(a(),o("span",ce,l(e.label),1)),e.note?(a(),o("span",{key:2,class:Q([e.missing?"rg-missing":"rg-muted","rg-note"])},l(e.note),3)):y("",!0)],8,de)]),_:1},8,["data"])],64)):(a(),o(p,{key:5},[c("div",me,[Z(A,{"model-value":null,filterable:"",remote:"","remote-method":W,placeholder:i(t)("businessTree.pickHint"),"aria-label":i(t)("businessTree.pick"),class:"rg-picker","data-test":"pick",onChange:H},{default:g(()=>[(a(!0),o(p,null,F(D.value,e=>(a(),S(N,{key:e.uid,value:e.uid,label:e.name},{default:g(()=>[b(l(e.name)+" ",1),c("span",he,"· "+l(i(t)("kinds."+e.kind)),1)]),_:2},1032,["value","label"]))),128))]),_:1},8,["placeholder","aria-label"])]),T.value.length?(a(),o(p,{key:0},[c("h2",null,l(i(t)("businessTree.mine")),1),c("ul",null,[(a(!0),o(p,null,F(T.value,e=>(a(),o("li",{key:e},[Z(r,{to:O(e),"data-test":"mine-"+e},{default:g(()=>[b(l(e),1)]),_:2},1032,["to","data-test"])]))),128))])],64)):y("",!0),q.value.length?(a(),o(p,{key:1},[c("h2",null,l(i(t)("businessTree.brigades")),1),c("div",pe,[(a(!0),o(p,null,F(q.value,e=>(a(),S(r,{key:e.uid,to:i(f)("Net",e.uid),"data-test":"brigade-"+e.uid},{default:g(()=>[b(l(e.name),1)]),_:2},1032,["to","data-test"]))),128))])],64)):y("",!0)],64))])}}},ke=ee(be,[["__scopeId","data-v-622e4f68"]]);export{ke as default};
